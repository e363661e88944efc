"""iCalendar (RFC 5545) of participation periods and deadlines, written by hand: text escaped (§3.3.11),
lines folded at 75 octets (§3.1), CRLF line ends, UTC times."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from geo.models import Stadtteil

MAX_ITEMS = 300
PAST = timedelta(days=90)


@dataclass(frozen=True)
class Period:
    uid: str
    title: str
    start: datetime | date
    end: datetime | date | None
    url: str
    stamp: datetime


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split after 75 octets without cutting a UTF-8 character; continuation lines start with a space."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _when(name: str, value: datetime | date) -> str:
    if isinstance(value, datetime):
        return f"{name}:{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def render(periods: list[Period], *, name: str) -> str:
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "klmitwirkung"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//KLmitWirkung//Termine//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for p in periods:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{p.uid}@{host}",
            _when("DTSTAMP", p.stamp),
            _when("DTSTART", p.start),
        ]
        if p.end is not None:
            lines.append(_when("DTEND", p.end))
        lines += [f"SUMMARY:{escape(p.title)}", f"URL:{settings.SITE_URL.rstrip('/')}{p.url}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def periods(*, stadtteil: Stadtteil | None = None) -> list[Period]:
    """Surveys (once public), idea collections and participation phases of projects; city-wide or those
    of one Stadtteil (projects touching it, and the surveys for the whole city)."""
    from layers.models import Phase, Project
    from surveys.models import Survey

    now = timezone.now()
    surveys = Survey.objects.select_related("project").filter(opens_at__lte=now, closes_at__gte=now - PAST)
    projects = Project.objects.filter(ideas_open_from__isnull=False).filter(
        Q(ideas_open_until__isnull=True) | Q(ideas_open_until__gte=now - PAST)
    )
    phases = (
        Phase.objects.select_related("project")
        .filter(kind=Phase.Kind.BETEILIGUNG)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=(now - PAST).date()))
    )
    if stadtteil is not None:
        surveys = surveys.filter(Q(project__stadtteile=stadtteil) | Q(project=None))
        projects = projects.filter(stadtteile=stadtteil)
        phases = phases.filter(project__stadtteile=stadtteil)
    out = []
    for s in surveys.defer("project__area", "project__body").order_by("closes_at", "id")[:MAX_ITEMS]:
        what = _("Abstimmung") if s.is_poll else _("Umfrage")
        url = s.get_absolute_url()
        out.append(Period(f"survey-{s.pk}", f"{what}: {s.title}", s.opens_at, s.closes_at, url, s.updated_at))
    for p in projects.defer("area", "body").order_by("ideas_open_from", "id")[:MAX_ITEMS]:
        out.append(
            Period(
                f"ideas-{p.pk}",
                _("Ideen einreichen: %(title)s") % {"title": p.title},
                p.ideas_open_from,
                p.ideas_open_until,
                p.get_absolute_url(),
                p.updated_at,
            )
        )
    for ph in phases.defer("project__area", "project__body").order_by("starts_on", "id")[:MAX_ITEMS]:
        end = ph.ends_on + timedelta(days=1) if ph.ends_on else None  # DTEND of a date is exclusive
        out.append(
            Period(
                f"phase-{ph.pk}",
                _("Beteiligung: %(title)s") % {"title": ph.project.title},
                ph.starts_on,
                end,
                ph.project.get_absolute_url(),
                ph.project.updated_at,
            )
        )
    return out
