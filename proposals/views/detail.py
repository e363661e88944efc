import contextlib
import copy
import mimetypes
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from edge.follow import follow_page
from edge.limits import form_over_limit, limited_page, page_over_limit
from edge.outage import CACHE_ERRORS
from proposals import selectors, services
from proposals.forms import CommentForm, ReasonForm, StatusForm
from proposals.models import Comment, Idea
from proposals.views import parts


def _idea_or_404(request, pk: int):
    idea = selectors.idea_visible(pk, request.user)
    if idea is None:
        raise Http404
    return idea


def _seen_or_404(request, pk: int) -> Idea:
    """For the buttons: the idea's key, visibility and author, if the user may see it (not its comments)."""
    idea = Idea.objects.only("pk", "visibility", "author_id").filter(pk=pk).first()
    if idea is None or not request.user.has_perm("proposals.view_idea", idea):
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


# The part of an idea's page that is the same for every visitor of a kind (the top with text, map and history;
# the comments with their heading) is cached per idea, language and version: a new comment, a hidden one, a
# status or an answer change the version (proposals.selectors.idea_head), so what a person did shows on their
# next view at once; other edits (the admin, a renamed author or category) show within IDEA_FRAGMENT_SECONDS, as
# on the anonymous page cache. Counters, buttons and forms are rendered on every request. docs/performance.md,
# "Signed in".
#
# The common view (a visitor who neither moderates nor answers, no form errors, no message, no query string) is
# not rendered through detail.html at all: its frame (base.html and detail.html around the two parts) depends
# only on the language, the visitor's kind (signed in, staff link, their support and follow) and whether the
# idea is public, so it is rendered once per process for each such kind, with marks where the idea's key, its
# title, the two parts, the CSRF token (the visitor's own) and the sentence with the support count go, and
# filled in per request. The marks are derived from the secret key, so a text typed into an idea or comment
# cannot contain one; the key's mark is a number (the URLs want one) no other part of the frame contains
# (tests/proposals/test_idea_page_cache.py renders the frame for two keys and compares them).
_MARK = salted_hmac("proposals.idea-page", "marks").hexdigest()[:20]
_CSRF_MARK = f"@@klmw-csrf-{_MARK}@@"
_SUPPORTS_MARK = f"@@klmw-supports-{_MARK}@@"
_TITLE_MARK = f"@@klmw-title-{_MARK}@@"
_BODY_MARK = f"@@klmw-body-{_MARK}@@"
_COMMENTS_MARK = f"@@klmw-comments-{_MARK}@@"
_KEY_MARK = 7_310_000_000_000_000_137
_frames: dict[tuple, str] = {}


def _forget_frames(**_kwargs) -> None:
    _frames.clear()


setting_changed.connect(_forget_frames, dispatch_uid="idea-page-frames-forget")


def _fragments(request, head, *, can_moderate: bool) -> dict:
    user = request.user
    # A moderator's comment list carries hide forms with the page's path: rendered for them alone.
    shared = not can_moderate and settings.IDEA_FRAGMENT_SECONDS > 0
    key = f"idea-page:{head.idea.pk}:{translation.get_language()}:{int(user.is_authenticated)}:{head.version}"
    fragments = None
    if shared:
        with contextlib.suppress(*CACHE_ERRORS):  # Redis down: rendered as without the cache
            fragments = cache.get(key)
    if fragments is None:
        idea = selectors.idea_page(head.idea.pk)
        if idea is None or not user.has_perm("proposals.view_idea", idea):  # gone or hidden since the head
            raise Http404
        if can_moderate:  # the templates (proposals.views.parts writes the same out for everyone else)
            context = {
                "idea": idea, "user": user, "can_moderate": True, "request": request, "csrf_token": _CSRF_MARK,
                "map_point": idea.map_point,
            }  # fmt: skip
            fragments = {
                "body": render_to_string("proposals/_idea_body.html", context),
                "comments": render_to_string("proposals/_idea_comments.html", context),
            }
        else:
            fragments = {
                "body": parts.body(idea, idea.map_point),
                "comments": parts.comments(idea, signed_in=user.is_authenticated, csrf=_CSRF_MARK),
            }
        if shared:
            with contextlib.suppress(*CACHE_ERRORS):
                cache.set(key, fragments, settings.IDEA_FRAGMENT_SECONDS)
    return fragments


def _with_token(request, html: str) -> str:
    return html.replace(_CSRF_MARK, get_token(request)) if _CSRF_MARK in html else html


def _support_line(idea) -> str:
    return render_to_string("proposals/_support_count.html", {"n": idea.support_count})


def _context(request, head, *, can_moderate: bool, can_answer: bool, comment_form, report_form) -> dict:
    idea = head.idea
    fragments = _fragments(request, head, can_moderate=can_moderate)
    context = {
        "idea": idea,
        "comment_form": comment_form or CommentForm(),
        "report_form": report_form or ReasonForm(),
        "supported": head.supported,
        "following": head.following,
        "can_moderate": can_moderate,
        "can_answer": can_answer,
        "fragments": {name: mark_safe(_with_token(request, html)) for name, html in fragments.items()},  # noqa: S308
        "support_line": mark_safe(_support_line(idea)),  # noqa: S308 (a template's output)
    }
    if can_answer:
        context["status_form"] = StatusForm(initial={"status": idea.status})
    return context


def _frame(request, head) -> str:
    """detail.html for the common view of this visitor's kind, with the marks (see above)."""
    user = request.user
    staff_link = user.is_authenticated and user.has_perm("accounts.view_staff_start")
    key = (
        translation.get_language(), get_script_prefix(), user.is_authenticated, staff_link, head.supported,
        head.following, head.idea.is_public,
    )  # fmt: skip
    frame = _frames.get(key)
    if frame is None:
        # The page of an idea with the key's mark, seen by this visitor: its own path (the sign-in and language
        # links carry it), the idea's title and the two parts as marks.
        marked = copy.copy(request)
        marked.path = reverse("proposals:detail", kwargs={"pk": _KEY_MARK})
        idea = Idea(pk=_KEY_MARK, title=_TITLE_MARK, visibility=head.idea.visibility)
        context = {
            "idea": idea, "comment_form": CommentForm(), "report_form": ReasonForm(), "supported": head.supported,
            "following": head.following, "can_moderate": False, "can_answer": False, "csrf_token": _CSRF_MARK,
            "fragments": {"body": _BODY_MARK, "comments": _COMMENTS_MARK}, "support_line": _SUPPORTS_MARK,
        }  # fmt: skip
        frame = _frames[key] = render_to_string("proposals/detail.html", context, marked)
    return frame


def _common_page(request, head) -> str:
    idea = head.idea
    fragments = _fragments(request, head, can_moderate=False)
    page = (
        _frame(request, head)
        .replace(str(_KEY_MARK), str(idea.pk))
        .replace(_TITLE_MARK, escape(idea.title))
        .replace(_BODY_MARK, fragments["body"])
        .replace(_COMMENTS_MARK, fragments["comments"])
        .replace(_SUPPORTS_MARK, _support_line(idea))
    )
    return _with_token(request, page)


def idea_detail(request, pk: int, *, comment_form=None, report_form=None):
    user = request.user
    head = selectors.idea_head(pk, user)
    if head is None or not user.has_perm("proposals.view_idea", head.idea):
        raise Http404
    idea = head.idea
    can_moderate = user.has_perm("proposals.moderate_idea", idea)
    can_answer = user.has_perm("proposals.answer_idea", idea)
    if (
        settings.IDEA_FRAGMENT_SECONDS > 0
        and not (can_moderate or can_answer or comment_form or report_form)
        and not request.META.get("QUERY_STRING")  # the language links carry the full path
        and not messages.get_messages(request)  # shown once, then gone: the page is the visitor's own
    ):
        return HttpResponse(_common_page(request, head))
    context = _context(
        request, head, can_moderate=can_moderate, can_answer=can_answer, comment_form=comment_form,
        report_form=report_form,
    )  # fmt: skip
    status = 400 if (comment_form or report_form) else 200
    return render(request, "proposals/detail.html", context, status=status)


@login_required
@require_POST
def idea_support(request, pk: int):
    idea = _seen_or_404(request, pk)
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


def _idea_form(form_class, *, action: str, field: str, done: str):
    """A comment or a report on the idea's page: the form is counted against its limit, then the view writes
    and returns where to go with the message `done`. A service's refusal goes to `field`, and the idea's page
    is shown again with the form (a 429 when over the limit)."""

    def decorator(write):
        @wraps(write)
        def view(request, pk: int):
            idea = _idea_or_404(request, pk)
            form = form_class(request.POST)
            wait = form_over_limit(request, form, "proposals", action) if form.is_valid() else None
            if form.is_valid() and wait is None:
                try:
                    back = write(request, idea, form.cleaned_data)
                except ValidationError as error:
                    form.add_error(field, error.messages)
                else:
                    messages.success(request, done)
                    return redirect(back)
            return limited_page(idea_detail(request, pk, **{f"{action}_form": form}), wait)

        return login_required(require_POST(view))

    return decorator


@_idea_form(CommentForm, action="comment", field="text", done=gettext_lazy("Ihr Kommentar ist veröffentlicht."))
def idea_comment(request, idea: Idea, data: dict) -> str:
    parent = Comment.objects.filter(pk=data["parent"]).first() if data["parent"] else None
    comment = services.comment_create(idea=idea, author=request.user, text=data["text"], parent=parent)
    return f"{idea.get_absolute_url()}#kommentar-{comment.pk}"


@_idea_form(
    ReasonForm, action="report", field="reason", done=gettext_lazy("Danke! Die Moderation sieht sich Ihre Meldung an.")
)
def idea_report(request, idea: Idea, data: dict) -> str:
    comment = Comment.objects.filter(pk=data["comment"], idea=idea).first() if data["comment"] else None
    services.report_create(reporter=request.user, idea=idea, comment=comment, reason=data["reason"])
    return idea.get_absolute_url()


@login_required
@require_POST
def idea_follow(request, pk: int):
    idea = _seen_or_404(request, pk)
    follow = not request.POST.get("unfollow")
    return follow_page(
        request, follow=follow, rule="proposals.follow_idea", scope="proposals", back=idea.get_absolute_url(),
        write=lambda: services.follow_set(idea=idea, user=request.user, follow=follow),
        done=_("Sie bekommen eine E-Mail, wenn sich an dieser Idee etwas ändert.") if follow
        else _("Sie folgen dieser Idee nicht mehr."),
    )  # fmt: skip
