from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from pages.models import ContactMessage, LegalPage


def legal_page_update(*, page: LegalPage, editor, title: str, body: str, title_en: str, body_en: str) -> LegalPage:
    page.title, page.body, page.title_en, page.body_en = title, body, title_en, body_en
    page.updated_by = editor
    page.save()
    return page


@transaction.atomic
def contact_message_create(
    *, topic: str, name: str, email: str, message: str, page_url: str, language: str
) -> ContactMessage:
    """Stored first (staff see it even if the mail fails), then mailed to the staff address after commit."""
    contact = ContactMessage.objects.create(
        topic=topic, name=name, email=email, message=message, page_url=page_url, language=language
    )
    transaction.on_commit(lambda: _mail_staff(contact.pk))
    return contact


def _mail_staff(pk: int) -> None:
    from pages.tasks import contact_message_mail

    contact_message_mail.delay(pk)


def contact_message_mail_send(*, contact: ContactMessage) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("pages/email/contact.txt", {"contact": contact, "site_url": settings.SITE_URL})
    subject, _, body = text.strip().partition("\n")
    mail = EmailMessage(subject, body.strip(), to=[settings.CONTACT_EMAIL], reply_to=[contact.email])
    mail.send()


@transaction.atomic
def contact_message_answer(*, contact: ContactMessage, staff, note: str) -> ContactMessage:
    contact.answered_at = timezone.now()
    contact.answered_by = staff
    contact.answer_note = note
    contact.save(update_fields=["answered_at", "answered_by", "answer_note"])
    return contact
