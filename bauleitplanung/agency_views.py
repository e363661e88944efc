"""Agencies: their page behind the personal link (no account), and the staff page of the list and invitations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from bauleitplanung.models import Agency, Procedure
from bauleitplanung.services.agencies import (
    agency_create,
    agency_statement_submit,
    invitation_from_token,
    invitations_send,
)
from bauleitplanung.services.attachments import attachment_rule
from edge.errors import errors_as_messages
from edge.fields import posted_id
from edge.paging import paginate
from edge.permissions import require

PAGE_SIZE = 50


def agency_statement(request, token: str):
    invitation = invitation_from_token(token)
    if invitation is None:
        raise Http404(_("Dieser Link ist ungültig oder abgelaufen."))
    errors, statement = {}, None
    rule = attachment_rule()
    if request.method == "POST":
        try:
            statement = agency_statement_submit(invitation=invitation, text=request.POST.get("text", "")[:40000],
                                                attachments=request.FILES.getlist("attachments")[:10])  # fmt: skip
        except ValidationError as error:
            errors = error.message_dict
    return render(
        request,
        "bauleitplanung/agency_statement.html",
        {"invitation": invitation, "step": invitation.step, "project": invitation.step.procedure.project,
         "open": invitation.step.is_open(), "errors": errors, "statement": statement,
         "text": request.POST.get("text", "") if errors else "", "attachment_rule": rule},
        status=400 if errors else 200,
    )  # fmt: skip


def agencies(request, slug: str):
    procedure = get_object_or_404(Procedure.objects.select_related("project"), project__slug=slug)
    require(request.user, "bauleitplanung.manage_agencies", procedure)
    if request.method == "POST":
        with errors_as_messages(request):
            if request.POST.get("action") == "add":
                post = request.POST
                agency = agency_create(actor=request.user, name=post.get("name", ""), email=post.get("email", ""),
                                       concern=post.get("concern", ""))  # fmt: skip
                messages.success(request, _("„%(name)s“ aufgenommen.") % {"name": agency.name})
            else:
                step = get_object_or_404(procedure.steps, pk=posted_id(request.POST.get("step")))
                ids = [i for i in map(posted_id, request.POST.getlist("agency")[:1000]) if i is not None]
                created = invitations_send(
                    step=step, actor=request.user, agencies=list(Agency.objects.filter(pk__in=ids))
                )
                messages.success(request, _("%(n)d Behörden eingeladen.") % {"n": len(created)})
        return redirect("bauleitplanung:agencies", slug=slug)
    page, query = paginate(request, Agency.objects.filter(active=True), PAGE_SIZE)
    steps = procedure.steps.prefetch_related("invitations__agency")
    return render(
        request, "bauleitplanung/agencies.html",
        {"project": procedure.project, "page": page, "query": query, "steps": steps},
    )  # fmt: skip
