"""Statements: submitted online during a public step, or recorded by staff (late, by letter, e-mail, Niederschrift).

The receipt (full text and the time of storage) is mailed by a job queued after the commit, so a statement
that is rolled back never gets one.
"""

from datetime import datetime
from typing import TypedDict, Unpack

from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bauleitplanung.models import PlanDocument, Procedure, Statement, Step
from bauleitplanung.services.attachments import attachments_check, attachments_store
from edge.permissions import require
from geo.districting import locate
from geo.photos import photos_removed_on_failure
from geo.spatial import OUTSIDE_CITY_MESSAGE
from layers.models import Feature

TEXT_MIN, TEXT_MAX = 10, 20000
# A place just outside the plan's border still concerns the plan (the neighbour across the street).
PLACE_BUFFER_M = 100
PAGE_MAX = 10000
NO_OPEN_STEP = gettext_lazy("Derzeit läuft kein Verfahrensschritt, in dem Sie Stellungnahmen abgeben können.")


def period_closed_message(step: Step) -> str:
    return _("Stellungnahmen zum Schritt „%(step)s“ sind nur vom %(period)s möglich.") % {
        "step": step.get_kind_display(),
        "period": step.period_text,
    }


def _text(text: str) -> str:
    text = (text or "").strip()
    if len(text) < TEXT_MIN:
        raise ValidationError({"text": _("Bitte schreiben Sie mindestens %(n)d Zeichen.") % {"n": TEXT_MIN}})
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": _("Bitte schreiben Sie höchstens %(n)d Zeichen.") % {"n": TEXT_MAX}})
    return text


def email_problem(email: str) -> str | None:
    """What is wrong with an address given for a statement or an agency; None for a valid one."""
    try:
        validate_email(email)
    except ValidationError:
        return _("Bitte geben Sie eine gültige E-Mail-Adresse an.")
    return None


def _contact(*, user, name: str, email: str, address: str) -> tuple[str, str, str]:
    name, email, address = (name or "").strip(), (email or "").strip(), (address or "").strip()
    if user is not None and user.is_authenticated:
        return name or str(user), email or user.email, address
    errors = {}
    if not name:
        errors["name"] = _("Bitte geben Sie Ihren Namen an.")
    if not email and not address:
        errors["email"] = _(
            "Bitte geben Sie eine E-Mail-Adresse oder eine Postanschrift an, damit wir Ihnen das Ergebnis "
            "mitteilen können."
        )
    if email and (problem := email_problem(email)):
        errors["email"] = problem
    if len(name) > 200:
        errors["name"] = _("Bitte schreiben Sie höchstens %(n)d Zeichen.") % {"n": 200}
    if len(address) > 500:
        errors["address"] = _("Bitte schreiben Sie höchstens %(n)d Zeichen.") % {"n": 500}
    if errors:
        raise ValidationError(errors)
    return name, email, address


def _check_place(procedure: Procedure, location: Point | None) -> None:
    """Inside the plan's area (Geltungsbereich) plus a small buffer; without an area, inside the city."""
    if location is None:
        return
    area = procedure.project.area
    if area is None:
        if locate(location) is None:
            raise ValidationError({"location": OUTSIDE_CITY_MESSAGE})
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_DWithin(ST_GeomFromEWKB(%s)::geography, ST_GeomFromEWKB(%s)::geography, %s)",
            [bytes(area.ewkb), bytes(location.ewkb), PLACE_BUFFER_M],
        )
        inside = cursor.fetchone()[0]
    if not inside:
        raise ValidationError(
            {
                "location": _("Der Ort liegt außerhalb des Plangebiets (Geltungsbereich und %(m)d m darum).")
                % {"m": PLACE_BUFFER_M}
            }
        )


def _check_references(procedure: Procedure, feature: Feature | None, document: PlanDocument | None, page) -> None:
    if feature is not None and feature.layer.project_id != procedure.project_id:
        raise ValidationError({"feature": _("Dieses Objekt gehört nicht zu diesem Plan.")})
    if document is not None and document.version.procedure_id != procedure.pk:
        raise ValidationError({"document": _("Dieses Dokument gehört nicht zu diesem Plan.")})
    if page is not None:
        if document is None:
            raise ValidationError({"page": _("Eine Seitenangabe braucht ein Dokument.")})
        last = document.pages or PAGE_MAX
        if not 1 <= page <= last:
            raise ValidationError({"page": _("Bitte eine Seite von 1 bis %(n)d angeben.") % {"n": last}})


def _next_number(procedure: Procedure) -> int:
    # The row lock serialises numbering: two statements stored at the same moment get different numbers.
    locked = Procedure.objects.select_for_update().only("last_number").get(pk=procedure.pk)
    locked.last_number += 1
    locked.save(update_fields=["last_number"])
    return locked.last_number


def _queue_receipt(statement: Statement) -> None:
    if statement.email:
        from bauleitplanung.tasks import statement_receipt_send

        transaction.on_commit(lambda: statement_receipt_send.delay(statement.pk))


def _store(statement: Statement) -> Statement:
    statement.number = _next_number(statement.procedure)
    statement.full_clean()
    statement.save()
    _queue_receipt(statement)
    return statement


class Details(TypedDict, total=False):
    """What a statement may carry besides its text: the sender's contact, a place, a place in the plan."""

    name: str
    email: str
    address: str
    location: Point | None
    feature: Feature | None
    document: PlanDocument | None
    page: int | None


def _stored_with(attachments, build) -> Statement:
    """The statement `build()` returns, numbered and stored with its attachments (checked first); attachment files
    are deleted again when the statement is not written, up to its commit."""
    with photos_removed_on_failure() as stored, transaction.atomic():
        statement = build()
        checked = attachments_check(attachments)
        _store(statement)
        attachments_store(statement, checked, stored)
    return statement


def statement_submit(*, step: Step, text: str, user=None, attachments=(), **details: Unpack[Details]) -> Statement:
    """A statement of the public during the step's period (rule `bauleitplanung.submit_statement`)."""
    return _stored_with(attachments, lambda: _submit(step=step, text=text, user=user, **details))


def _submit(*, step: Step, text: str, user, name="", email="", address="", location=None, feature=None, document=None,
            page=None) -> Statement:  # fmt: skip
    """The checked, unsaved statement."""
    if not step.is_public:
        raise ValidationError({"step": _("Zu diesem Schritt nehmen nur Behörden Stellung.")})
    if not (user or AnonymousUser()).has_perm("bauleitplanung.submit_statement", step):
        raise ValidationError({"step": period_closed_message(step)})
    procedure = step.procedure
    text = _text(text)
    name, email, address = _contact(user=user, name=name, email=email, address=address)
    _check_place(procedure, location)
    _check_references(procedure, feature, document, page)
    statement = Statement(
        procedure=procedure, step=step, channel=Statement.Channel.ONLINE,
        author=user if user is not None and user.is_authenticated else None,
        name=name, email=email, address=address, text=text, location=location, feature=feature,
        document=document, page=page, received_at=timezone.now(),
    )  # fmt: skip
    return statement


def statement_record(
    *, step: Step, actor, channel: str, received_at: datetime, text: str, attachments=(), **details: Unpack[Details]
) -> Statement:
    """Staff record a statement that came another way or too late; after the period it is marked late.
    Attachments (a scanned letter, its enclosures) are checked and stored as for the public."""
    return _stored_with(
        attachments,
        lambda: _record(step=step, actor=actor, channel=channel, received_at=received_at, text=text, **details),
    )


def _record(*, step, actor, channel, received_at, text, name="", email="", address="", location=None, feature=None,
            document=None, page=None) -> Statement:  # fmt: skip
    """The checked, unsaved statement recorded by staff."""
    require(actor, "bauleitplanung.record_statement", step.procedure)
    if channel not in {*Statement.STAFF_CHANNELS, Statement.Channel.ONLINE}:
        raise ValidationError({"channel": _("Bitte wählen Sie den Eingangsweg.")})
    if received_at > timezone.now():
        raise ValidationError({"received_at": _("Das Eingangsdatum darf nicht in der Zukunft liegen.")})
    text = _text(text)
    name, email, address = (name or "").strip()[:200], (email or "").strip(), (address or "").strip()[:500]
    if email and (problem := email_problem(email)):
        raise ValidationError({"email": problem})
    _check_place(step.procedure, location)
    _check_references(step.procedure, feature, document, page)
    return Statement(
        procedure=step.procedure, step=step, channel=channel, name=name, email=email, address=address, text=text,
        location=location, feature=feature, document=document, page=page, received_at=received_at,
        is_late=received_at >= step.closes_at, recorded_by=actor,
    )  # fmt: skip
