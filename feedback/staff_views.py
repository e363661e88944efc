"""The planners' review (Abwägung) of a project's feedback: filters, progress, deciding, moderating,
releasing, opening layers for feedback, and the Abwägungstabelle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edge.fields import posted_id
from edge.paging import paginate
from edge.permissions import require
from feedback import exports, selectors, services
from feedback.forms import DecisionForm, ModerationForm, ReviewFilterForm
from feedback.models import Feedback, FeedbackReport
from layers import services as layer_services
from layers.models import Layer, Project

PAGE_SIZE = 20


def _project(request, slug: str, perm: str = "feedback.view_review") -> Project:
    require(request.user, perm)
    return get_object_or_404(Project, slug=slug)


def _back(request, project: Project):
    """Back to the review page with the filters the form was sent from."""
    target = request.POST.get("next", "")
    # A path only: redirect() would take "abc" for a URL name and fail to reverse it.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return redirect("feedback:review", slug=project.slug)


@login_required
def review(request, slug: str):
    project = _project(request, slug)
    layers = list(Layer.objects.filter(project=project).order_by("order", "id"))
    form = ReviewFilterForm(request.GET or None, layers=layers)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    page, query = paginate(request, selectors.review_list(project=project, **filters), PAGE_SIZE)
    return render(
        request,
        "feedback/review.html",
        {
            "project": project,
            "layers": layers,
            "form": form,
            "page": page,
            "query": query,
            "progress": selectors.review_progress(project=project),
            "decision_choices": Feedback.Decision.choices,
            "can_weigh": request.user.has_perm("feedback.weigh_feedback"),
            "can_moderate": request.user.has_perm("feedback.moderate_feedback"),
            "can_release": request.user.has_perm("feedback.release_decisions"),
            "can_edit_layers": request.user.has_perm("layers.manage_layers"),
        },
        status=200 if form.is_valid() or not request.GET else 400,
    )


@login_required
@require_POST
def review_action(request, slug: str, pk: int):
    """One entry: a decision (planners) or a moderation step (moderators)."""
    project = _project(request, slug)
    feedback = get_object_or_404(Feedback, pk=pk, project=project)
    try:
        if "decision" in request.POST:
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(dict(form.errors))
            services.feedback_decide(
                feedback=feedback, actor=request.user, decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["decision_reason"],
            )  # fmt: skip
            messages.success(request, _("Die Abwägung zu Rückmeldung %(id)d ist gespeichert.") % {"id": pk})
        else:
            form = ModerationForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"action": _("Unbekannte Aktion.")})
            action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
            if action == "approve":
                services.feedback_approve(feedback=feedback, actor=request.user)
            elif action == "reject":
                services.feedback_reject(feedback=feedback, actor=request.user, reason=reason)
            elif action == "hide":
                services.feedback_hide(feedback=feedback, actor=request.user, reason=reason)
            else:
                for report in FeedbackReport.objects.filter(feedback=feedback, resolved_at__isnull=True):
                    services.report_resolve(report=report, actor=request.user)
            messages.success(request, _("Rückmeldung %(id)d: erledigt.") % {"id": pk})
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, _("Rückmeldung %(id)d: %(text)s") % {"id": pk, "text": text})
    return _back(request, project)


@login_required
@require_POST
def release(request, slug: str):
    project = _project(request, slug, "feedback.release_decisions")
    try:
        count = services.decisions_release(project=project, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)d Abwägungen sind jetzt öffentlich.") % {"n": count})
    return redirect("feedback:review", slug=project.slug)


@login_required
@require_POST
def layer_toggle(request, slug: str):
    project = _project(request, slug, "layers.manage_layers")
    layer_id = posted_id(request.POST.get("layer"))
    if layer_id is None:
        raise Http404
    layer = get_object_or_404(Layer, project=project, pk=layer_id)
    layer_services.layer_update(layer=layer, data={"feedback_open": request.POST.get("open") == "1"})
    messages.success(
        request,
        (_("„%(name)s“ ist offen für Rückmeldungen.") if layer.feedback_open else
         _("„%(name)s“ nimmt keine Rückmeldungen mehr an.")) % {"name": layer.name},
    )  # fmt: skip
    return redirect("feedback:review", slug=project.slug)


@login_required
def decision_table(request, slug: str, fmt: str):
    project = _project(request, slug)
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.decision_table_response(project=project, fmt=fmt)
