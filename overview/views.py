"""The staff page /auswertung/themen/ (topics, groups, runs) and the public topic list; all read stored results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback.models import Feedback
from overview import maps, selectors, services
from overview.models import TextGroup, Topic

GROUPS_PER_PAGE = 20
MEMBERS_PER_PAGE = 25
HOTSPOTS_SHOWN = 30


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
def index(request):
    _require(request, "overview.view_overview")
    run = selectors.result_run()
    scope = request.GET.get("bereich", "")[:200]
    context = {"latest": selectors.latest_run(), "run": run, "scope": scope}
    if run is not None:
        groups = selectors.group_list(run=run, scope=scope)
        spots = list(run.hotspots.all()[:HOTSPOTS_SHOWN])
        context |= {
            "hotspots": spots,
            "map": maps.hotspot_map(spots) if spots else None,
            "topics": selectors.topic_views(run=run),
            "page": Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("seite")),
            "scopes": selectors.scopes(run=run),
            "query": f"bereich={scope}" if scope else "",
        }
    context["can_edit"] = request.user.has_perm("overview.edit_overview")
    return render(request, "overview/index.html", context)


@login_required
@require_POST
def run_start(request):
    _require(request, "overview.edit_overview")
    try:
        services.run_request(requested_by=request.user)
    except services.RunBusyError:
        messages.warning(request, _("Eine Auswertung läuft bereits; bitte warten Sie, bis sie fertig ist."))
    else:
        messages.success(request, _("Die Auswertung wurde gestartet. Der Fortschritt steht oben auf dieser Seite."))
    return redirect("overview:index")


@login_required
def group_detail(request, pk: int):
    _require(request, "overview.view_overview")
    group = get_object_or_404(TextGroup.objects.select_related("run"), pk=pk)
    members = selectors.member_list(group=group, user=request.user)
    return render(
        request,
        "overview/group.html",
        {
            "group": group,
            "page": Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("seite")),
            "hidden": group.size - members.count(),
            "feedback_members": group.members.filter(source="feedback").count(),
            "can_decide": request.user.has_perm("feedback.weigh_feedback"),
            "decision_choices": Feedback.Decision.choices,
        },
    )


@login_required
@require_POST
def group_decide(request, pk: int):
    _require(request, "feedback.weigh_feedback")
    group = get_object_or_404(TextGroup, pk=pk)
    try:
        decided, skipped = services.group_decide(
            group=group, actor=request.user, decision=request.POST.get("decision", ""),
            reason=request.POST.get("decision_reason", "")[:5000],
        )  # fmt: skip
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Abwägung für %(n)d Rückmeldungen gespeichert (%(s)d noch nicht freigegeben, übersprungen).")
            % {"n": decided, "s": skipped},
        )
    return redirect("overview:group", pk=group.pk)


@login_required
@require_POST
def topic_edit(request, pk: int):
    _require(request, "overview.edit_overview")
    topic = get_object_or_404(Topic, pk=pk)
    if "merge_into" in request.POST:
        into = Topic.objects.filter(
            pk=request.POST["merge_into"] if request.POST["merge_into"].isdigit() else 0
        ).first()
        if into is None or into.run_id != topic.run_id or into.pk == topic.pk:
            messages.error(request, _("Bitte wählen Sie ein anderes Thema derselben Auswertung."))
        else:
            services.topic_merge(topic=topic, into=into, actor=request.user)
            messages.success(request, _("Themen zusammengeführt."))
    else:
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, _("Bitte geben Sie einen Namen ein."))
        else:
            services.topic_rename(topic=topic, name=name[:120], actor=request.user)
            messages.success(request, _("Thema umbenannt."))
    return redirect("overview:index")


def public_topics(request):
    """What was said, for everyone: topic names, key words, and people per Stadtteil through geo.disclosure."""
    run = selectors.result_run()
    topics = selectors.public_topics(run=run) if run is not None else []
    return render(request, "overview/public.html", {"run": run, "topics": topics})
