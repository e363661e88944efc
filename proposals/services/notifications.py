"""Emails to the author and followers of an idea, sent after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from proposals.models import Idea


def _recipients(idea: Idea) -> list[str]:
    emails = {idea.author.email} | set(idea.follows.filter(user__is_active=True).values_list("user__email", flat=True))
    return sorted(e for e in emails if e)


def notify(*, idea: Idea, event: str) -> None:
    """`event` is "published" or "status"; the template proposals/email/<event>.txt holds the text."""
    recipients = _recipients(idea)
    if not recipients:
        return
    url = settings.SITE_URL.rstrip("/") + idea.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"proposals/email/{event}.txt", {"idea": idea, "url": url})
    subject, _, body = text.strip().partition("\n")
    messages = [(subject, body.strip(), None, [email]) for email in recipients]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
