from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from edge.limits import retry_after, wait_message
from edge.paging import paginate
from edge.permissions import permission_required
from pages import selectors, services
from pages.forms import AnswerForm, ContactForm, LegalPageForm, SignLanguageVideoForm
from pages.models import ContactMessage, LegalPage, SignLanguageVideo

CONTACT_RATE = "5/h"  # per account; an address gets the usual factor (edge.limits)
MESSAGES_PER_PAGE = 25


def _page_context(kind: str) -> dict:
    page = selectors.legal_page(kind)
    if page is None:
        raise Http404
    english = get_language() == "en"
    translated = english and bool(page.body_en.strip())
    return {
        "legal": page,
        "title": (page.title_en or page.title) if english else page.title,
        "body_html": selectors.render_body(page.body_en if translated else page.body),
        "body_lang": None if translated or not english else "de",
    }


def legal_page(request, kind: str):
    return render(request, "pages/page.html", _page_context(kind))


def language(request, code: str):
    """The language chosen by a plain link (no form, no extra button); back to the page the person was on."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE, httponly=True,
    )  # fmt: skip
    return response


def contact(request):
    topic = request.GET.get("thema")
    initial = {"topic": topic if topic in ContactMessage.Topic.values else ContactMessage.Topic.GENERAL}
    if request.user.is_authenticated:
        initial["email"] = request.user.email
    form = ContactForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if (wait := retry_after(request, "pages.contact", CONTACT_RATE)) is not None:
                form.add_error(None, wait_message(wait))
                status = 429
            else:
                services.contact_message_create(**form.cleaned_data, language=get_language() or "de")
                messages.success(
                    request,
                    _("Danke! Ihre Nachricht ist angekommen. Wir antworten per E-Mail, spätestens nach sechs Wochen."),
                )
                return redirect("pages:kontakt")
    context = {**_page_context(LegalPage.Kind.KONTAKT), "form": form}
    return render(request, "pages/contact.html", context, status=status)


@permission_required("pages.change_legalpage")
def legal_page_edit(request, kind: str):
    page = get_object_or_404(LegalPage, kind=kind)
    form = LegalPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.legal_page_update(page=page, editor=request.user, **d)
        messages.success(request, _("Die Seite wurde gespeichert."))
        return redirect("pages:edit-list")
    return render(request, "pages/staff/edit.html", {"legal": page, "form": form}, status=400 if form.errors else 200)


@permission_required("pages.change_legalpage")
def legal_page_list(request):
    pages = LegalPage.objects.all()
    open_kinds = set(selectors.legal_pages_with_placeholders().values_list("kind", flat=True))
    return render(request, "pages/staff/list.html", {"pages": pages, "open_kinds": open_kinds})


@permission_required("pages.view_contactmessage")
def contact_inbox(request):
    open_only = request.GET.get("alle") != "1"
    page, query = paginate(request, selectors.contact_messages(open_only=open_only), MESSAGES_PER_PAGE)
    return render(
        request,
        "pages/staff/inbox.html",
        {"page": page, "query": query, "open_only": open_only, "answer_form": AnswerForm()},
    )


@permission_required("pages.change_contactmessage")
def contact_answered(request, pk: int):
    contact = get_object_or_404(ContactMessage, pk=pk)
    form = AnswerForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("pages:inbox")
    services.contact_message_answer(contact=contact, staff=request.user, note=form.cleaned_data["note"])
    messages.success(request, _("Als beantwortet markiert."))
    return redirect("pages:inbox")


@permission_required("pages.change_signlanguagevideo")
def sign_language_video_edit(request):
    current = SignLanguageVideo.objects.order_by("-updated_at").first()
    form = SignLanguageVideoForm(request.POST or None, request.FILES or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Das Video ist auf der Startseite."))
        return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "pages/staff/sign_video.html", {"form": form, "current": current}, status=status)
