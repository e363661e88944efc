"""The council papers: the Abwägungstabelle (XLSX and ODS through the platform's table writer, and an accessible
PDF) and, for submitters who gave a postal address only, the result letters (PDF) and the letter list (CSV).

The table's PDF is one document set with Typst by a job (bauleitplanung.tablepdf, docs/performance.md). The
letters stay with WeasyPrint, which keeps a document's whole layout in memory (about 2 MB per page): they are
rendered in parts of PDF_PART letters, each a complete tagged PDF/UA-1, and beyond one part come as a ZIP.
"""

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bauleitplanung.models import BERLIN, Procedure, Statement
from bauleitplanung.selectors import sender_label, statement_results
from bauleitplanung.services.classify import feature_label
from edge.tables import Sheet, csv_bytes, ods_bytes, xlsx_bytes

CHUNK = 500
PDF_PART = 500
# Per cent of the landscape page: narrow columns for the references, room for the concern and the reasoning.
PDF_WIDTHS = [4, 8, 9, 7, 10, 6, 6, 6, 15, 9, 20]
SHEET_WIDTHS = [6, 17, 12, 16, 30, 20, 24, 20, 60, 22, 80]
SHEET_WRAP = [9, 11]


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
        parts.append(feature_label(statement.feature))
    if statement.document_id:
        page = _(", S. %(p)d") % {"p": statement.page} if statement.page else ""
        parts.append(f"{statement.document.title}{page}")
    return "; ".join(parts)


def header() -> list[str]:
    return [_("Nr."), _("Eingang"), _("Eingangsweg"), _("Von"), _("Schritt"), _("Gruppe"), _("Bezug"), _("Thema"),
            _("Anliegen"), _("Abwägung"), _("Begründung")]  # fmt: skip


def _rows_of(statements: Iterable[Statement]):
    """One row per concern (a group's members share its one row of weighing), without private names."""
    for s in statements:
        received = timezone.localtime(s.received_at, BERLIN).strftime("%d.%m.%Y %H:%M")
        late = f" ({_('verspätet')})" if s.is_late else ""
        # The topic is the concern's (a group is weighed as one, with no topic of its own).
        topics = [""] if s.group_id else [c.topic for c in s.concerns.all()] or [""]
        results = statement_results(s) or [(s.text[:4000], "", "")]
        for (summary, decision, reason), topic in zip(results, topics, strict=False):
            yield [s.number, received + late, s.get_channel_display(), sender_label(s), s.step.get_kind_display(),
                   s.group.title if s.group_id else "", _reference(s), topic, summary, decision, reason]  # fmt: skip


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


def table_pdf(procedure: Procedure, progress: Callable[[int], None] | None = None) -> bytes:
    """The Abwägungstabelle as one tagged PDF/UA-1 in German (bauleitplanung.tablepdf, Typst in parts joined into
    one document); `progress(statements_done)` after each part. Thousands of statements take a while: only the
    job (tasks.table_pdf_render) calls this, never a request."""
    from bauleitplanung import tablepdf

    done = 0

    def counted():
        nonlocal done
        for s in _statements(procedure):
            done += 1
            for row in _rows_of([s]):
                yield [str(cell) for cell in row]

    with translation.override("de"):
        context = {
            "title": _("Abwägungstabelle: %(title)s") % {"title": procedure.project.title},
            "note": _("Stand: %(day)s. Private Personen sind nicht namentlich genannt.")
            % {"day": timezone.localdate().strftime("%d.%m.%Y")},
            "caption": _("Stellungnahmen, Anliegen und ihre Abwägung"),
            "header": header(),
            "widths": PDF_WIDTHS,
        }
        return tablepdf.render(rows=counted(), context=context, progress=progress and (lambda _rows: progress(done)))


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
