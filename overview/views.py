"""The staff page /auswertung/themen/ (topics, groups, runs) and the public topic list; all read stored results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from bauleitplanung.models import Concern, Statement, StatementGroup
from edge.errors import errors_as_messages, message_service_errors
from edge.fields import posted_id
from edge.paging import paginate
from edge.permissions import require
from feedback.models import Feedback
from overview import decisions, maps, selectors, services, suggestions
from overview.models import Suggestion, TextGroup, Topic
from proposals.models import Category, Idea

GROUPS_PER_PAGE = 20
MEMBERS_PER_PAGE = 25
HOTSPOTS_SHOWN = 30
STATEMENTS_SHOWN = 200  # statements listed by number on a group page; the rest are counted


def _pk(text: str) -> int:
    """A posted id, or 0 (matches nothing)."""
    return posted_id(text) or 0


@login_required
def index(request):
    require(request.user, "overview.view_overview")
    run = selectors.result_run()
    scope = request.GET.get("bereich", "")[:200]
    context = {"latest": selectors.latest_run(), "run": run, "scope": scope}
    if run is not None:
        groups = selectors.group_list(run=run, scope=scope)
        page, query = paginate(request, groups, GROUPS_PER_PAGE)
        spots = list(run.hotspots.all()[:HOTSPOTS_SHOWN])
        context |= {
            "hotspots": spots,
            "map": maps.hotspot_map(spots) if spots else None,
            "topics": selectors.topic_views(run=run, user=request.user),
            "page": page,
            "scopes": selectors.scopes(run=run),
            "query": query,
        }
    context["can_edit"] = request.user.has_perm("overview.edit_overview")
    rates = suggestions.acceptance_rates()
    context["suggestions"] = [
        (label, rates[kind], suggestions.accuracy(kind, run) if kind != Suggestion.FEATURE else None)
        for kind, label in Suggestion.choices
    ]
    return render(request, "overview/index.html", context)


@login_required
@require_POST
def run_start(request):
    require(request.user, "overview.edit_overview")
    try:
        services.run_request(requested_by=request.user)
    except services.RunBusyError:
        messages.warning(request, _("Eine Auswertung läuft bereits; bitte warten Sie, bis sie fertig ist."))
    else:
        messages.success(request, _("Die Auswertung wurde gestartet. Der Fortschritt steht oben auf dieser Seite."))
    return redirect("overview:index")


@login_required
def group_detail(request, pk: int):
    require(request.user, "overview.view_overview")
    group = get_object_or_404(TextGroup.objects.select_related("run"), pk=pk)
    members = selectors.member_list(group=group, user=request.user)
    page, query = paginate(request, members, MEMBERS_PER_PAGE)
    can_weigh_statements = request.user.has_perm("bauleitplanung.weigh_statements")
    plan = selectors.statement_plan(group=group) if can_weigh_statements else None
    return render(
        request,
        "overview/group.html",
        {
            "group": group,
            "page": page,
            "query": query,
            "hidden": group.size - members.count(),
            "feedback_members": group.members.filter(source="feedback").count(),
            "can_decide": request.user.has_perm("feedback.weigh_feedback"),
            "decision_choices": Feedback.Decision.choices,
            "plan": plan,
            "statements_shown": STATEMENTS_SHOWN,
            "group_title": _("Gleichlautende Stellungnahmen: %(start)s")
            % {"start": group.template.split("\n")[0][:120]},
        },
    )


@login_required
@require_POST
def group_decide(request, pk: int):
    require(request.user, "feedback.weigh_feedback")
    group = get_object_or_404(TextGroup, pk=pk)
    with errors_as_messages(request):
        decided, skipped = decisions.group_decide(
            group=group, actor=request.user, decision=request.POST.get("decision", ""),
            reason=request.POST.get("decision_reason", "")[:5000],
        )  # fmt: skip
        messages.success(
            request,
            _("Abwägung für %(n)d Rückmeldungen gespeichert (%(s)d noch nicht freigegeben, übersprungen).")
            % {"n": decided, "s": skipped},
        )
    return redirect("overview:group", pk=group.pk)


@login_required
@require_POST
def group_statements(request, pk: int):
    """Make the group's formal statements one weighing group of bauleitplanung (and weigh it, if a decision is
    chosen)."""
    require(request.user, "bauleitplanung.weigh_statements")
    group = get_object_or_404(TextGroup, pk=pk)
    existing = request.POST.get("statement_group", "")
    if existing:
        return _statement_group_decide(request, group, existing)
    with errors_as_messages(request):
        made = decisions.statements_group(
            group=group, actor=request.user, title=request.POST.get("title", "")[:200],
            summary=request.POST.get("summary", "")[:8000], decision=request.POST.get("decision", ""),
            reason=request.POST.get("decision_reason", "")[:9000],
        )  # fmt: skip
        text = _("Gruppe „%(t)s“ mit %(n)d Stellungnahmen angelegt.") % {"t": made.title, "n": made.members.count()}
        if made.decision:
            text += " " + _("Die Abwägung gilt für alle.")
        messages.success(request, text)
    return redirect(reverse("overview:group", kwargs={"pk": group.pk}) + "#statements-heading")


def _statement_group_decide(request, group: TextGroup, existing: str):
    statement_group = get_object_or_404(StatementGroup, pk=_pk(existing))
    with errors_as_messages(request):
        decisions.statement_group_decide(
            group=group, statement_group=statement_group, actor=request.user,
            decision=request.POST.get("decision", ""), reason=request.POST.get("decision_reason", "")[:9000],
        )  # fmt: skip
        messages.success(
            request,
            _("Abwägung der Gruppe „%(t)s“ gespeichert; sie gilt für ihre %(n)d Stellungnahmen.")
            % {"t": statement_group.title, "n": statement_group.members.count()},
        )
    return redirect(reverse("overview:group", kwargs={"pk": group.pk}) + "#statements-heading")


STALE = _lazy(
    "Die Auswertung wurde inzwischen neu berechnet; dieses Thema gibt es so nicht mehr. Bitte wählen Sie es in der "
    "neuen Liste noch einmal."
)


@login_required
@require_POST
def topic_edit(request, pk: int):
    """Rename, merge or split a topic of the results shown (a form of /auswertung/themen/ each)."""
    require(request.user, "overview.edit_overview")
    topic = Topic.objects.filter(pk=pk).first()
    try:
        if topic is None:
            raise services.TopicStaleError
        if "merge_into" in request.POST:
            into = Topic.objects.filter(pk=_pk(request.POST["merge_into"])).first()
            if into is None or into.run_id != topic.run_id or into.pk == topic.pk:
                messages.error(request, _("Bitte wählen Sie ein anderes Thema derselben Auswertung."))
            else:
                services.topic_merge(topic=topic, into=into, actor=request.user)
                messages.success(request, _("Themen zusammengeführt."))
        elif "split" in request.POST:
            words = request.POST.getlist("words")[:20] + request.POST.get("more_words", "")[:400].split(",")
            new = services.topic_split(
                topic=topic, words=words, name=request.POST.get("split_name", "")[:120], actor=request.user
            )
            rest = Topic.objects.select_related("label").get(pk=topic.pk)
            messages.success(
                request,
                _("Thema geteilt: „%(name)s“ hat %(n)d Beiträge, „%(rest)s“ behält %(m)d.")
                % {"name": new.name, "n": new.size, "rest": rest.name, "m": rest.size},
            )
            return redirect(reverse("overview:index") + f"#thema-{new.pk}")
        else:
            name = request.POST.get("name", "").strip()
            if not name:
                messages.error(request, _("Bitte geben Sie einen Namen ein."))
            else:
                services.topic_rename(topic=topic, name=name[:120], actor=request.user)
                messages.success(request, _("Thema umbenannt."))
    except services.TopicStaleError:
        messages.error(request, STALE)
    except ValidationError as error:
        message_service_errors(request, error)
        return redirect(reverse("overview:index") + f"#thema-{topic.pk}")
    return redirect("overview:index")


def public_topics(request):
    """What was said, for everyone: topic names, key words, and people per Stadtteil through geo.disclosure."""
    run = selectors.result_run()
    topics = selectors.public_topics(run=run) if run is not None else []
    return render(request, "overview/public.html", {"run": run, "topics": topics})


def review_part(request, idea) -> str:
    """The category suggestion shown with an idea in the moderation queue (registered with proposals)."""
    if idea.category_id is None or not request.user.has_perm("proposals.moderate_idea", idea):
        return ""
    # One model and one category lookup per page, not per idea in the queue.
    if not hasattr(request, "_category_model"):
        request._category_model = suggestions.category_model()
        request._categories = {c.pk: c for c in Category.objects.all()} if request._category_model else {}
    if request._category_model is None:
        return ""
    suggestion = suggestions.category_suggestion(idea, request._category_model, request._categories)
    if suggestion is None or suggestion["category"].pk == idea.category_id:
        return ""
    return render_to_string("overview/_suggestion.html", {"idea": idea, "suggestion": suggestion}, request=request)


@login_required
@require_POST
def suggestion_decide(request, pk: int):
    idea = get_object_or_404(Idea, pk=pk)
    require(request.user, "proposals.moderate_idea", idea)
    action, _sep, text = request.POST.get("suggestion", "").partition(":")
    category_id = posted_id(text)
    if action not in ("accept", "reject") or category_id is None:
        messages.error(request, _("Unbekannte Entscheidung über den Vorschlag."))
    else:
        suggested = get_object_or_404(Category, pk=category_id)
        suggestions.suggestion_decide(idea=idea, suggested=suggested, actor=request.user, accepted=action == "accept")
        if action == "accept":
            messages.success(request, _("Kategorie „%(name)s“ übernommen.") % {"name": suggested.name})
        else:
            messages.success(request, _("Vorschlag verworfen."))
    target = request.POST.get("next", "")
    if not (target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})):
        target = reverse("proposals:moderation")
    return redirect(target)


def statement_part(request, statement) -> str:
    """Suggested topic and plan feature on the staff page of a statement (registered with bauleitplanung)."""
    if not request.user.has_perm("bauleitplanung.weigh_statements", statement.procedure):
        return ""
    offered = suggestions.statement_suggestions(statement)
    if not offered["topics"] and offered["feature"] is None:
        return ""
    rates = suggestions.acceptance_rates()
    return render_to_string(
        "overview/_statement_suggestions.html",
        {"statement": statement, "offered": offered, "topic_rate": rates[Suggestion.TOPIC],
         "feature_rate": rates[Suggestion.FEATURE], "kinds": Suggestion},
        request=request,
    )  # fmt: skip


@login_required
@require_POST
def statement_suggestion_decide(request, pk: int):
    statement = get_object_or_404(Statement.objects.select_related("procedure__project"), pk=pk)
    require(request.user, "bauleitplanung.weigh_statements", statement.procedure)
    action, kind = request.POST.get("decision", ""), request.POST.get("kind", "")
    concern_id = request.POST.get("concern", "")[:12]
    with errors_as_messages(request):
        if action not in ("accept", "reject") or kind not in (Suggestion.TOPIC, Suggestion.FEATURE):
            raise ValidationError(_("Unbekannte Entscheidung über den Vorschlag."))
        concern = None
        if concern_id:
            concern = Concern.objects.filter(statement=statement, pk=_pk(concern_id)).first()
            if concern is None:
                raise ValidationError(_("Dieses Anliegen gehört nicht zu dieser Stellungnahme."))
        decision = suggestions.statement_suggestion_decide(
            statement=statement, kind=kind, value=request.POST.get("value", "")[:200], actor=request.user,
            accepted=action == "accept", concern=concern,
        )  # fmt: skip
        if decision.accepted:
            messages.success(request, _("Vorschlag „%(value)s“ übernommen.") % {"value": decision.value})
        else:
            messages.success(request, _("Vorschlag verworfen."))
    target = reverse("bauleitplanung:statement", args=[statement.procedure.project.slug, statement.number])
    return redirect(f"{target}#classify")
