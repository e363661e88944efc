import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from edge.limits import form_over_limit, limited_page, page_over_limit
from edge.permissions import VERIFY_FIRST
from proposals import selectors, services
from proposals.forms import CommentForm, ModerationForm, ReasonForm, StatusForm
from proposals.models import Comment, Idea


def _idea_or_404(request, pk: int):
    idea = selectors.idea_visible(pk, request.user)
    if idea is None:
        raise Http404
    return idea


@cache_control(private=True, max_age=3600)
def idea_photo(request, pk: int):
    """The photo of an idea, for whoever may see the idea (pending, rejected and hidden ones: staff, author)."""
    idea = Idea.objects.filter(pk=pk).first()
    if idea is None or not idea.photo or not request.user.has_perm("proposals.view_idea", idea):
        raise Http404
    content_type = mimetypes.guess_type(idea.photo.name)[0] or "application/octet-stream"
    return FileResponse(idea.photo.open("rb"), content_type=content_type)


def idea_detail(request, pk: int, *, comment_form=None, report_form=None):
    idea = selectors.idea_visible(pk, request.user, with_user_flags=True)
    if idea is None:
        raise Http404
    user = request.user
    context = {
        "idea": idea,
        "comment_form": comment_form or CommentForm(),
        "report_form": report_form or ReasonForm(),
        "supported": getattr(idea, "supported", False),
        "following": getattr(idea, "following", False),
        "can_moderate": user.has_perm("proposals.moderate_idea", idea),
        "can_answer": user.has_perm("proposals.answer_idea", idea),
        "moderation_form": ModerationForm(),
        "status_form": StatusForm(initial={"status": idea.status}),
        "map_point": {"lon": idea.location.x, "lat": idea.location.y},
    }
    status = 400 if (comment_form or report_form) else 200
    return render(request, "proposals/detail.html", context, status=status)


@login_required
@require_POST
def idea_support(request, pk: int):
    idea = _idea_or_404(request, pk)
    if limited := page_over_limit(request, "proposals", "support"):
        return limited
    try:
        if request.POST.get("withdraw"):
            services.support_remove(idea=idea, user=request.user)
            messages.success(request, _("Sie unterstützen diese Idee nicht mehr."))
        else:
            services.support_add(idea=idea, user=request.user)
            messages.success(request, _("Danke für Ihre Unterstützung!"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(idea)


@login_required
@require_POST
def idea_comment(request, pk: int):
    idea = _idea_or_404(request, pk)
    form = CommentForm(request.POST)
    wait = form_over_limit(request, form, "proposals", "comment") if form.is_valid() else None
    if form.is_valid() and wait is None:
        parent_id = form.cleaned_data["parent"]
        parent = Comment.objects.filter(pk=parent_id).first() if parent_id else None
        try:
            comment = services.comment_create(
                idea=idea, author=request.user, text=form.cleaned_data["text"], parent=parent
            )
        except ValidationError as error:
            form.add_error("text", error.messages)
        else:
            messages.success(request, _("Ihr Kommentar ist veröffentlicht."))
            return redirect(f"{idea.get_absolute_url()}#kommentar-{comment.pk}")
    return limited_page(idea_detail(request, pk, comment_form=form), wait)


@login_required
@require_POST
def idea_report(request, pk: int):
    idea = _idea_or_404(request, pk)
    form = ReasonForm(request.POST)
    wait = form_over_limit(request, form, "proposals", "report") if form.is_valid() else None
    if form.is_valid() and wait is None:
        comment_id = form.cleaned_data["comment"]
        comment = Comment.objects.filter(pk=comment_id, idea=idea).first() if comment_id else None
        try:
            services.report_create(
                reporter=request.user, idea=idea, comment=comment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(request, _("Danke! Die Moderation sieht sich Ihre Meldung an."))
            return redirect(idea)
    return limited_page(idea_detail(request, pk, report_form=form), wait)


@login_required
@require_POST
def idea_follow(request, pk: int):
    idea = _idea_or_404(request, pk)
    follow = not request.POST.get("unfollow")
    if follow and not request.user.has_perm("proposals.follow_idea"):
        messages.error(request, VERIFY_FIRST)
        return redirect(idea)
    if limited := page_over_limit(request, "proposals", "follow"):
        return limited
    services.follow_set(idea=idea, user=request.user, follow=follow)
    messages.success(
        request,
        _("Sie bekommen eine E-Mail, wenn sich an dieser Idee etwas ändert.")
        if follow
        else _("Sie folgen dieser Idee nicht mehr."),
    )
    return redirect(idea)
