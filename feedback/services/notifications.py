"""E-mails to a project's feedback followers when decisions are released, sent after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from feedback.models import FeedbackFollow
from layers.models import Project


def notify_release(*, project: Project, released: int) -> int:
    """One e-mail per active follower; returns how many are queued."""
    emails = sorted(
        set(
            FeedbackFollow.objects.filter(project=project, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not emails:
        return 0
    url = settings.SITE_URL.rstrip("/") + reverse("feedback:public-list", kwargs={"slug": project.slug})
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("feedback/email/released.txt", {"project": project, "released": released, "url": url})
    subject, _, body = text.strip().partition("\n")
    messages = [(subject, body.strip(), None, [email]) for email in emails]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(emails)
