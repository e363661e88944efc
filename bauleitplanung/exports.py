"""The council papers: the Abwägungstabelle (XLSX through the platform's table writer, and an accessible PDF)
and the letter list (CSV for a mail merge) of submitters who gave a postal address only."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from bauleitplanung.models import BERLIN, Procedure, Statement
from bauleitplanung.selectors import sender_label, statement_results
from edge.tables import csv_bytes, xlsx_bytes

CHUNK = 500


def _statements(procedure: Procedure):
    return (
        Statement.objects.filter(procedure=procedure)
        .select_related("step", "group", "feature__layer", "document")
        .prefetch_related("concerns")
        .order_by("group_id", "number")
        .iterator(chunk_size=CHUNK)
    )


def _reference(statement: Statement) -> str:
    parts = []
    if statement.feature_id:
        parts.append(f"{statement.feature.layer.name} {statement.feature.attributes.get('gml_id', '')}".strip())
    if statement.document_id:
        page = _(", S. %(p)d") % {"p": statement.page} if statement.page else ""
        parts.append(f"{statement.document.title}{page}")
    return "; ".join(parts)


def header() -> list[str]:
    return [_("Nr."), _("Eingang"), _("Eingangsweg"), _("Von"), _("Schritt"), _("Gruppe"), _("Bezug"),
            _("Anliegen"), _("Abwägung"), _("Begründung")]  # fmt: skip


def rows(procedure: Procedure):
    """One row per concern (a group's members share its one row of weighing), without private names."""
    for s in _statements(procedure):
        received = timezone.localtime(s.received_at, BERLIN).strftime("%d.%m.%Y %H:%M")
        late = f" ({_('verspätet')})" if s.is_late else ""
        for summary, decision, reason in statement_results(s) or [(s.text[:4000], "", "")]:
            yield [s.number, received + late, s.get_channel_display(), sender_label(s), s.step.get_kind_display(),
                   s.group.title if s.group_id else "", _reference(s), summary, decision, reason]  # fmt: skip


def table_xlsx(procedure: Procedure) -> bytes:
    return xlsx_bytes(header(), rows(procedure), title=_("Abwägung"))


def table_pdf(procedure: Procedure) -> bytes:
    """Tagged PDF/UA-1 in German (WeasyPrint); table headers are <th scope="col">."""
    from weasyprint import HTML

    html = render_to_string(
        "bauleitplanung/abwaegung_pdf.html",
        {"procedure": procedure, "project": procedure.project, "header": header(), "rows": rows(procedure),
         "today": timezone.localdate()},
    )  # fmt: skip
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", lang="de")


def letters_csv(procedure: Procedure) -> bytes:
    """Submitters to be told by letter (a postal address and no e-mail), with their result, for a mail merge."""
    statements = (
        Statement.objects.filter(procedure=procedure, email="")
        .exclude(address="")
        .select_related("group")
        .prefetch_related("concerns")
        .order_by("number")
    )
    out = (
        [s.number, s.name, s.address, " | ".join(f"{c}: {d}. {r}" for c, d, r in statement_results(s))]
        for s in statements.iterator(chunk_size=CHUNK)
    )
    return csv_bytes([_("Nr."), _("Name"), _("Postanschrift"), _("Ergebnis der Abwägung")], out)
