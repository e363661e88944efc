"""Agencies (TöB): the list, invitations per step with a personal, expiring signed link, their statements."""

import secrets
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bauleitplanung.models import Agency, Invitation, Statement, Step
from bauleitplanung.services.attachments import attachments_check, attachments_store
from bauleitplanung.services.statements import _store, _text, email_problem, period_closed_message
from edge.permissions import require
from geo.photos import photos_removed_on_failure

SALT = "bauleitplanung.agency-link"
# A link works until the step's end; this cap only stops a stolen link from living for years.
MAX_LINK_AGE = timedelta(days=400)


@transaction.atomic
def agency_create(*, actor, name: str, email: str, concern: str = "") -> Agency:
    require(actor, "bauleitplanung.manage_agencies")
    name, email = (name or "").strip()[:200], (email or "").strip()
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie den Namen der Behörde an.")})
    if problem := email_problem(email):
        raise ValidationError({"email": problem})
    if Agency.objects.filter(name=name).exists():
        raise ValidationError({"name": _("Diese Behörde steht schon in der Liste.")})
    return Agency.objects.create(name=name, email=email, concern=(concern or "").strip()[:300])


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, invitation.nonce], salt=SALT)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation the link names, or None for a forged, revoked or too old link."""
    try:
        pk, nonce = signing.loads(token[:500], salt=SALT, max_age=MAX_LINK_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    invitation = Invitation.objects.select_related("step__procedure__project", "agency").filter(pk=pk).first()
    if invitation is None or not secrets.compare_digest(invitation.nonce, str(nonce)):
        return None
    return invitation


@transaction.atomic
def invitations_send(*, step: Step, actor, agencies: list[Agency]) -> list[Invitation]:
    """Invite agencies to a step (once each); the e-mails with the personal links go out after the commit."""
    require(actor, "bauleitplanung.manage_agencies", step.procedure)
    if step.closes_at <= timezone.now():
        raise ValidationError({"step": _("Dieser Verfahrensschritt ist schon beendet.")})
    invited = set(step.invitations.values_list("agency_id", flat=True))
    created = [
        Invitation.objects.create(step=step, agency=agency, nonce=secrets.token_hex(16))
        for agency in agencies
        if agency.active and agency.pk not in invited
    ]
    if created:
        from bauleitplanung.tasks import agency_invitations_send

        ids = [i.pk for i in created]
        transaction.on_commit(lambda: agency_invitations_send.delay(ids))
    return created


def agency_statement_submit(*, invitation: Invitation, text: str, at=None, attachments=()) -> Statement:
    """The agency's statement through its link, during the step's period; marked as an agency statement.
    Attachments are checked and stored as for the public; a refused file refuses the statement."""
    step = invitation.step
    with photos_removed_on_failure() as stored, transaction.atomic():
        if not step.is_open(at):
            raise ValidationError({"step": period_closed_message(step)})
        statement = Statement(
            procedure=step.procedure, step=step, channel=Statement.Channel.AGENCY, name=invitation.agency.name,
            email=invitation.agency.email, text=_text(text), received_at=timezone.now(),
        )  # fmt: skip
        checked = attachments_check(attachments)
        statement = _store(statement)
        attachments_store(statement, checked, stored)
        Invitation.objects.filter(pk=invitation.pk).update(answered_at=statement.received_at)
    return statement
