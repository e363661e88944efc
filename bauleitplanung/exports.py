"""The council papers: the Abwägungstabelle (XLSX and ODS through the platform's table writer, and an accessible
PDF) and, for submitters who gave a postal address only, the result letters (PDF) and the letter list (CSV).

WeasyPrint keeps the whole layout of a document in memory (about 2 MB per page of the table) and its time grows
faster than the table. The PDFs are therefore rendered in parts of PDF_PART statements, each a complete tagged
PDF/UA-1 of its own, one after another: memory is bounded by one part whatever the procedure's size. Up to one
part the answer is the PDF; beyond it a ZIP of the parts ("Teil 1 von 10, Nr. 1–500"), in order.
"""

import io
import zipfile
from collections.abc import Iterable, Iterator
from itertools import islice

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bauleitplanung.models import BERLIN, Procedure, Statement
from bauleitplanung.selectors import sender_label, statement_results
from edge.tables import Sheet, csv_bytes, ods_bytes, xlsx_bytes

CHUNK = 500
PDF_PART = 500
# Per cent of the landscape page: narrow columns for the references, room for the concern and the reasoning.
PDF_WIDTHS = [4, 8, 6, 8, 10, 7, 8, 17, 8, 24]
SHEET_WIDTHS = [6, 17, 12, 16, 30, 20, 24, 60, 22, 80]
SHEET_WRAP = [8, 10]


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


def _rows_of(statements: Iterable[Statement]):
    """One row per concern (a group's members share its one row of weighing), without private names."""
    for s in statements:
        received = timezone.localtime(s.received_at, BERLIN).strftime("%d.%m.%Y %H:%M")
        late = f" ({_('verspätet')})" if s.is_late else ""
        for summary, decision, reason in statement_results(s) or [(s.text[:4000], "", "")]:
            yield [s.number, received + late, s.get_channel_display(), sender_label(s), s.step.get_kind_display(),
                   s.group.title if s.group_id else "", _reference(s), summary, decision, reason]  # fmt: skip


def rows(procedure: Procedure):
    return _rows_of(_statements(procedure))


def _sheet(procedure: Procedure) -> Sheet:
    return Sheet(header(), rows(procedure), title=_("Abwägung"), widths=SHEET_WIDTHS, wrap=SHEET_WRAP)


def table_xlsx(procedure: Procedure) -> bytes:
    return xlsx_bytes(_sheet(procedure))


def table_ods(procedure: Procedure) -> bytes:
    return ods_bytes(_sheet(procedure))


def _parts(items: Iterator, size: int) -> Iterator[list]:
    while part := list(islice(items, size)):
        yield part


def _pdf(template: str, context: dict) -> bytes:
    """A tagged PDF/UA-1; the document language comes from <html lang="de">, table headers are <th scope>."""
    from weasyprint import HTML

    return HTML(string=render_to_string(template, context)).write_pdf(pdf_variant="pdf/ua-1")


def _german(parts: Iterator):
    """The council papers and letters are German documents (declared lang="de"), whatever the staff's language."""
    with translation.override("de"):
        yield from parts


def _pdf_or_zip(count: int, parts: Iterator[tuple[str, bytes]], name: str) -> tuple[bytes, str]:
    """(content, file extension): the one PDF, or a ZIP of the parts when there are several."""
    if count <= PDF_PART:
        (only,) = list(parts)  # one part: run the generator to its end (its language override ends there)
        return only[1], "pdf"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part_name, content in parts:
            archive.writestr(f"{name}-{part_name}.pdf", content)  # rendered and written one part at a time
    return out.getvalue(), "zip"


def _part_label(n: int, total: int, numbers: list[int]) -> str:
    if total == 1:
        return ""
    return _("Teil %(n)d von %(total)d (Nr. %(first)d–%(last)d)") % {"n": n, "total": total, "first": min(numbers),
                                                                      "last": max(numbers)}  # fmt: skip


def table_pdf(procedure: Procedure) -> tuple[bytes, str]:
    """The Abwägungstabelle as tagged PDF/UA-1 in German: (content, "pdf"), or (ZIP of parts, "zip")."""
    count = Statement.objects.filter(procedure=procedure).count()
    total = max(1, -(-count // PDF_PART))

    def parts():
        context = {"procedure": procedure, "project": procedure.project, "header": header(), "widths": PDF_WIDTHS,
                   "today": timezone.localdate(), "total": total}  # fmt: skip
        for n, statements in enumerate(_parts(_statements(procedure), PDF_PART), start=1):
            label = _part_label(n, total, [s.number for s in statements])
            yield f"teil-{n:03d}", _pdf("bauleitplanung/abwaegung_pdf.html",
                                        {**context, "rows": _rows_of(statements), "part": label})  # fmt: skip
        if count == 0:
            yield "teil-001", _pdf("bauleitplanung/abwaegung_pdf.html", {**context, "rows": [], "part": ""})

    return _pdf_or_zip(count, _german(parts()), f"abwaegung-{procedure.project.slug}")


def _letter_statements(procedure: Procedure):
    """Submitters to be told by letter: a postal address and no e-mail address."""
    return (
        Statement.objects.filter(procedure=procedure, email="")
        .exclude(address="")
        .select_related("group", "step")
        .prefetch_related("concerns")
        .order_by("number")
    )


def letters_csv(procedure: Procedure) -> bytes:
    """The letter list for a mail merge, with each submitter's result."""
    out = (
        [s.number, s.name, s.address, " | ".join(f"{c}: {d}. {r}" for c, d, r in statement_results(s))]
        for s in _letter_statements(procedure).iterator(chunk_size=CHUNK)
    )
    return csv_bytes([_("Nr."), _("Name"), _("Postanschrift"), _("Ergebnis der Abwägung")], out)


def letters_pdf(procedure: Procedure) -> tuple[bytes, str]:
    """One result letter per submitter with a postal address only (each starts on a new page): the statement,
    the decision and reasoning per concern, the date of the council decision. Tagged PDF/UA-1 in German;
    in parts like the table: (content, "pdf") or (ZIP of parts, "zip")."""
    statements = _letter_statements(procedure)
    count = statements.count()
    total = max(1, -(-count // PDF_PART))

    def parts():
        context = {"procedure": procedure, "project": procedure.project, "today": timezone.localdate()}
        for n, part in enumerate(_parts(statements.iterator(chunk_size=CHUNK), PDF_PART), start=1):
            letters = [{"s": s, "results": statement_results(s),
                        "received": timezone.localtime(s.received_at, BERLIN)} for s in part]  # fmt: skip
            yield f"teil-{n:03d}", _pdf("bauleitplanung/letters_pdf.html", {**context, "letters": letters,
                                        "part": _part_label(n, total, [s.number for s in part])})  # fmt: skip
        if count == 0:
            yield "teil-001", _pdf("bauleitplanung/letters_pdf.html", {**context, "letters": [], "part": ""})

    return _pdf_or_zip(count, _german(parts()), f"ergebnisbriefe-{procedure.project.slug}")
