"""Jobs of the procedure (docs/jobs.md): receipts after the statement is committed."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from bauleitplanung.models import BERLIN, Statement


@shared_task
def statement_receipt_send(statement_id: int) -> bool:
    """The receipt with the full text and the time of storage; sent once (receipt_sent_at)."""
    statement = Statement.objects.select_related("step", "procedure__project").filter(pk=statement_id).first()
    if statement is None or not statement.email or statement.receipt_sent_at:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            "bauleitplanung/email/receipt.txt",
            {"s": statement, "received": timezone.localtime(statement.received_at, BERLIN)},
        )
    subject, _, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip(), None, [statement.email])
    Statement.objects.filter(pk=statement.pk).update(receipt_sent_at=timezone.now())
    return True


@shared_task
def results_send(procedure_id: int) -> int:
    """The result of the Abwägung to every submitter with an e-mail address, once each; returns how many."""
    from bauleitplanung.selectors import statement_results

    statements = (
        Statement.objects.filter(procedure_id=procedure_id, result_sent_at__isnull=True)
        .exclude(email="")
        .select_related("procedure__project", "group")
        .prefetch_related("concerns")
        .order_by("number")
    )
    sent = 0
    for statement in statements.iterator(chunk_size=200):
        with translation.override(settings.LANGUAGE_CODE):
            text = render_to_string(
                "bauleitplanung/email/result.txt", {"s": statement, "results": statement_results(statement)}
            )
        subject, _, body = text.strip().partition("\n")
        send_mail(subject.strip(), body.strip(), None, [statement.email])
        Statement.objects.filter(pk=statement.pk).update(result_sent_at=timezone.now())
        sent += 1
    return sent


def _agency_mail(invitation, template: str) -> None:
    from django.urls import reverse

    from bauleitplanung.services.agencies import invitation_token

    link = settings.SITE_URL.rstrip("/") + reverse(
        "bauleitplanung:agency", kwargs={"token": invitation_token(invitation)}
    )
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(template, {"i": invitation, "step": invitation.step, "link": link})
    subject, _, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip(), None, [invitation.agency.email])


@shared_task
def agency_invitations_send(invitation_ids: list[int]) -> int:
    from bauleitplanung.models import Invitation

    invitations = Invitation.objects.filter(pk__in=invitation_ids, sent_at__isnull=True).select_related(
        "agency", "step__procedure__project"
    )
    return _mail_each(invitations, "bauleitplanung/email/agency_invitation.txt", "sent_at")


REMINDER_DAYS = 5


@shared_task
def agency_reminders_send() -> int:
    """Daily: agencies that have not answered get one reminder when their step ends within REMINDER_DAYS."""
    from datetime import timedelta

    from bauleitplanung.models import Invitation

    today = timezone.localdate()
    due = Invitation.objects.filter(
        answered_at__isnull=True, reminded_at__isnull=True, sent_at__isnull=False,
        step__ends_on__gte=today, step__ends_on__lte=today + timedelta(days=REMINDER_DAYS),
    ).select_related("agency", "step__procedure__project")  # fmt: skip
    return _mail_each(due, "bauleitplanung/email/agency_reminder.txt", "reminded_at")


def _mail_each(invitations, template: str, stamp: str) -> int:
    """One mail per invitation, each marked (`stamp`) as soon as it went, so a retried job skips it."""
    sent = 0
    for invitation in invitations:
        _agency_mail(invitation, template)
        type(invitation).objects.filter(pk=invitation.pk).update(**{stamp: timezone.now()})
        sent += 1
    return sent


@shared_task(name="bauleitplanung.table_pdf")
def table_pdf_render(pdf_id: int) -> str:
    """The Abwägungstabelle as PDF (services.papers); a part of 1,000 statements takes a few seconds."""
    from bauleitplanung.services.papers import table_pdf_render_run

    return table_pdf_render_run(pdf_id=pdf_id).state
