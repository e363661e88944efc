from celery import shared_task

from pages.models import ContactMessage


@shared_task
def contact_message_mail(pk: int) -> None:
    """Mails a contact message to the staff address; a failure is kept with the job for staff to re-run."""
    from pages.services import contact_message_mail_send

    contact = ContactMessage.objects.filter(pk=pk).first()
    if contact is not None:
        contact_message_mail_send(contact=contact)
