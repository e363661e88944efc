"""The Abwägungstabelle as PDF, set by a job: staff request it, the job sets it part by part and stores the file,
the staff list shows the progress and then the download (docs/bauleitplanung.md)."""

import logging
import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bauleitplanung.models import Procedure, Statement, TablePdf
from edge.jobs import ACTIVE_STATES
from edge.permissions import require

log = logging.getLogger(__name__)


def active_table_pdf(procedure: Procedure) -> TablePdf | None:
    return procedure.table_pdfs.active().first()


def table_pdf_request(*, procedure: Procedure, actor) -> TablePdf:
    """Queue the job, or return the one already queued or running (two clicks set the table once)."""
    from bauleitplanung.tasks import table_pdf_render

    require(actor, "bauleitplanung.weigh_statements", procedure)
    with transaction.atomic():
        locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
        active = active_table_pdf(locked)
        if active is not None:
            return active
        pdf = TablePdf.objects.create(
            procedure=locked,
            requested_by=actor,
            statements=Statement.objects.filter(procedure=locked).count(),
            weighing_version=locked.weighing_version,
        )
        transaction.on_commit(lambda: table_pdf_render.delay(pdf.pk))
    return pdf


def _update(pdf: TablePdf, **fields) -> None:
    # Outside any transaction, so the staff list sees the progress while the job works.
    TablePdf.objects.filter(pk=pdf.pk).update(**fields)


def table_pdf_render_run(*, pdf_id: int) -> TablePdf:
    """Set the table and store it; a failure is stored on the row (and shown to staff), never left running."""
    from bauleitplanung import exports, tablepdf

    pdf = TablePdf.objects.select_related("procedure__project").get(pk=pdf_id)
    if pdf.state != TablePdf.State.QUEUED:
        return pdf
    started = time.perf_counter()
    pdf.statements = Statement.objects.filter(procedure=pdf.procedure).count()
    _update(pdf, state=TablePdf.State.RUNNING, statements=pdf.statements, started_at=timezone.now())
    try:
        content = exports.table_pdf(pdf.procedure, progress=lambda done: _update(pdf, done=done))
        pdf.file.save(f"abwaegung-{pdf.procedure.project.slug}.pdf", ContentFile(content), save=False)
    except Exception as error:  # any failure must end the job visibly, with its reason
        log.exception("Abwägungstabelle %s failed", pdf.pk)
        _update(pdf, state=TablePdf.State.FAILED, error=f"{type(error).__name__}: {error}"[:2000],
                finished_at=timezone.now())  # fmt: skip
    else:
        _update(pdf, state=TablePdf.State.DONE, file=pdf.file.name, done=pdf.statements,
                pages=tablepdf.page_count(content), seconds=time.perf_counter() - started,
                finished_at=timezone.now())  # fmt: skip
        for older in pdf.procedure.table_pdfs.exclude(pk=pdf.pk).exclude(state__in=ACTIVE_STATES):
            older.file.delete(save=False)
            older.delete()
    pdf.refresh_from_db()
    return pdf
