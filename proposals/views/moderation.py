from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edge.fields import posted_id
from edge.paging import paginate
from edge.permissions import require
from geo.svg import stadtteil_outlines
from proposals import panels, selectors, services
from proposals.forms import BulkModerationForm, ModerationForm, QueueFilterForm, ReasonForm, StatusForm
from proposals.models import Comment, Idea, Report

PER_PAGE = 20


@login_required
def moderation_queue(request):
    """Pending ideas page by page (filters: project, Stadtteil, age), each with a small static map preview."""
    require(request.user, "proposals.view_moderation")
    form = QueueFilterForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    filters = selectors.QueueFilter(
        project=d["project"].pk if d.get("project") else None,
        stadtteil=d["stadtteil"].pk if d.get("stadtteil") else None,
        older_than_days=d.get("age"),
    )
    page, query = paginate(request, selectors.moderation_pending(filters), PER_PAGE)
    reports, _query = paginate(request, selectors.reports_open(), PER_PAGE, param="meldungen")
    outlines = stadtteil_outlines({idea.stadtteil_id for idea in page})
    for idea in page:
        idea.outline = outlines.get(idea.stadtteil_id)
        idea.review_parts = panels.review_parts(request, idea)
    return render(
        request,
        "proposals/moderation.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "outlines": outlines,
            "bulk_actions": BulkModerationForm.ACTIONS,
            "reports": reports,
            "log": selectors.moderation_log(),
            "can_moderate": request.user.has_perm("proposals.moderate_idea"),
        },
    )


@login_required
@require_POST
def moderation_bulk(request):
    """Moderate the ideas picked in the queue: first a confirmation that names every idea, then the action."""
    require(request.user, "proposals.moderate_idea")
    back = _queue_url(request)
    form = BulkModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect(back)
    d = form.cleaned_data
    ideas = list(selectors.ideas_for_moderation(d["ids"]))
    if "confirm" in request.POST:
        try:
            done = services.ideas_moderate(ideas=ideas, actor=request.user, action=d["action"], reason=d["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            titles = ", ".join(f"„{idea.title}“" for idea in done)
            messages.success(request, _("Gespeichert: %(titles)s") % {"titles": titles})
            return redirect(back)
    return render(
        request,
        "proposals/moderation_confirm.html",
        {"ideas": ideas, "form": form, "action_label": dict(form.ACTIONS)[d["action"]], "back": back},
    )


def _queue_url(request) -> str:
    target = request.POST.get("next", "")
    # A path only: redirect() would take "abc" for a URL name and fail to reverse it.
    if not (target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})):
        return reverse("proposals:moderation")
    return target


@login_required
@require_POST
def moderation_idea(request, pk: int):
    """Approve, reject or hide an idea, hide a comment, or set the status and official answer."""
    idea = get_object_or_404(Idea, pk=pk)
    user = request.user
    try:
        if "status" in request.POST:
            require(request.user, "proposals.answer_idea", idea)
            form = StatusForm(request.POST)
            if form.is_valid():
                services.idea_set_status(idea=idea, actor=user, **form.cleaned_data)
                messages.success(request, _("Status gespeichert."))
        elif request.POST.get("comment"):
            require(request.user, "proposals.moderate_idea", idea)
            form = ReasonForm(request.POST)
            comment_id = posted_id(request.POST["comment"])
            if comment_id is None:
                raise Http404
            comment = get_object_or_404(Comment, pk=comment_id, idea=idea)
            if form.is_valid():
                services.comment_hide(comment=comment, actor=user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Kommentar ausgeblendet."))
        else:
            require(request.user, "proposals.moderate_idea", idea)
            form = ModerationForm(request.POST)
            if form.is_valid():
                action = {"approve": services.idea_approve, "reject": services.idea_reject, "hide": services.idea_hide}
                kwargs = {"note" if form.cleaned_data["action"] == "approve" else "reason": form.cleaned_data["reason"]}
                action[form.cleaned_data["action"]](idea=idea, actor=user, **kwargs)
                messages.success(request, _("Moderation gespeichert."))
        if not form.is_valid():
            messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_queue_url(request))


@login_required
@require_POST
def report_resolve(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    require(request.user, "proposals.moderate_idea", report.idea)
    services.report_resolve(report=report, actor=request.user)
    messages.success(request, _("Meldung erledigt."))
    return redirect("proposals:moderation")
