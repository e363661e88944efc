"""The Abwägungstabelle: every entry to weigh with its decision, grouped by feature, as XLSX or CSV.

Both go through the platform's one table writer (edge.tables): a title, then a heading row per feature.
"""

from itertools import groupby

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from edge.tables import Heading, Sheet, csv_bytes, xlsx_bytes
from feedback import disclosure, selectors
from layers.models import Project

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _header() -> list[str]:
    return [_("Nr."), _("Kartenebene"), _("Objekt-Nr."), _("Objekt"), _("Eingang"), _("Meinung"),
            _("Stellungnahme"), _("Stadtteil"), _("Abwägung"), _("Begründung"), _("veröffentlicht am")]  # fmt: skip


def _rows(project: Project):
    """(feature key, feature title, rows) per feature, in layer and feature order."""
    entries = selectors.decision_table(project=project).iterator(chunk_size=1000)
    for (layer, feature_id), group in groupby(entries, key=lambda f: (f.layer.name, f.feature_id)):
        items = list(group)
        counts = {o: sum(1 for f in items if f.opinion == o) for o in disclosure.OPINIONS}
        yield layer, feature_id, items[0].feature_label, counts, [
            [f.pk, layer, feature_id, f.feature_label, timezone.localtime(f.created_at).replace(tzinfo=None),
             f.get_opinion_display(), f.text, f.stadtteil.name if f.stadtteil else "", f.get_decision_display(),
             f.decision_reason, timezone.localtime(f.released_at).strftime("%d.%m.%Y") if f.released_at else ""]
            for f in items
        ]  # fmt: skip


def _group_title(layer: str, label: str, counts: dict[str, int]) -> str:
    total = sum(counts.values())
    text = _("%(layer)s – %(feature)s: %(n)d Rückmeldungen") % {"layer": layer, "feature": label, "n": total}
    # Staff see exact counts here; the table is an internal working paper, not a published aggregate.
    labels = {"dafuer": _("dafür"), "neutral": _("neutral"), "dagegen": _("dagegen")}
    return f"{text} (" + ", ".join(f"{counts[o]} {labels[o]}" for o in disclosure.OPINIONS) + ")"


def decision_table_xlsx(project: Project) -> bytes:
    def rows():
        for layer, _feature_id, label, counts, group in _rows(project):
            yield Heading(_group_title(layer, label, counts))
            yield from group

    caption = [
        _("Abwägungstabelle: %(title)s") % {"title": project.title},
        _("Stand: %(date)s") % {"date": timezone.localdate().strftime("%d.%m.%Y")},
    ]
    widths = (7, 20, 10, 24, 17, 12, 60, 16, 24, 60, 14)
    return xlsx_bytes(Sheet(_header(), rows(), title=_("Abwägung"), caption=caption, widths=widths, wrap=(7, 10)))


def decision_table_csv(project: Project) -> bytes:
    """One row per entry, sorted by layer and feature (the grouping), semicolons for German spreadsheets."""
    rows = (
        [*row[:4], row[4].strftime("%d.%m.%Y %H:%M"), *row[5:]] for *_group, group in _rows(project) for row in group
    )
    return csv_bytes(_header(), rows)


def decision_table_response(*, project: Project, fmt: str) -> HttpResponse:
    body = decision_table_xlsx(project) if fmt == "xlsx" else decision_table_csv(project)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="abwaegungstabelle-{project.slug}.{fmt}"'
    return response
