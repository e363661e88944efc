import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from edge.limits import limited_page, wait_message
from edge.paging import paginate
from surveys import access, exports, personal, results, selectors
from surveys.forms import form_items, raw_from_post
from surveys.models import Survey
from surveys.services import response_submit

PER_PAGE = 20


def survey_list(request):
    page, _query = paginate(request, selectors.survey_list(user=request.user), PER_PAGE)
    can_manage = request.user.has_perm("surveys.change_survey")
    return render(request, "surveys/survey_list.html", {"surveys": page, "page": page, "can_manage": can_manage})


def _user(request):
    return request.user if request.user.is_authenticated else None


@require_http_methods(["GET", "POST"])
def survey_detail(request, slug: str):
    """The survey form; a registered respondent sees and edits their earlier answers until the survey closes."""
    survey = selectors.survey_or_404(request.user, slug=slug)
    questions = selectors.survey_questions(survey)
    token = access.respondent_token(request)
    existing = selectors.response_of(survey=survey, user=request.user, token=token)
    errors: dict[str, str] = {}
    status, wait = 200, None
    if request.method == "POST":
        raw = raw_from_post(questions, request.POST)
        new_token = None
        if _user(request) is None and survey.access == Survey.Access.ANONYMOUS:
            if token is None:
                token = new_token = access.new_token()
            if (wait := access.anonymous_retry_after(request)) is not None:
                errors["survey"] = wait_message(wait)
                status = 429
        if not errors:
            try:
                response_submit(survey=survey, user=_user(request), token=token, answers=raw)
            except ValidationError as error:
                errors = {key: messages_[0] for key, messages_ in error.message_dict.items()}
                status = 400
        if not errors:
            messages.success(request, _("Vielen Dank! Ihre Antworten wurden gespeichert."))
            target = request.POST.get("next", "")
            # A path only: redirect() would take "abc" for a URL name and fail to reverse it.
            if not (
                target.startswith("/")
                and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
            ):
                target = reverse("surveys:detail", kwargs={"slug": survey.slug})
            response = redirect(target)
            if new_token:
                access.remember_token(response, new_token)
            return response
    else:
        raw = selectors.answers_as_raw(existing) if existing and existing.user_id else {}
    context = {
        "survey": survey,
        "items": form_items(questions, raw, errors),
        "errors": errors,
        "survey_error": errors.get("survey", ""),
        "question_errors": [(q, errors[q.field_name]) for q in questions if q.field_name in errors],
        "existing": existing,
        "can_answer": request.user.has_perm("surveys.answer_survey", survey),
        "anonymous_done": existing is not None and existing.user_id is None,
        "can_see_results": request.user.has_perm("surveys.view_results", survey),
        "login_url": settings.LOGIN_URL,
    }
    return limited_page(render(request, "surveys/survey_detail.html", context, status=status), wait)


def survey_results(request, slug: str):
    survey = selectors.survey_or_404(request.user, slug=slug)
    if not request.user.has_perm("surveys.view_results", survey):
        return render(request, "surveys/results_unavailable.html", {"survey": survey}, status=403)
    exact = request.user.has_perm("surveys.view_exact_answers", survey)
    verified_only = request.GET.get("nur_bestaetigt") == "1"
    data = results.survey_results(
        survey,
        exact=exact,
        texts=request.user.has_perm("surveys.view_free_texts", survey),
        verified_only=verified_only,
    )
    context = {
        "survey": survey,
        "results": data,
        "exact": exact,
        "shown_from": results.SHOWN_FROM,
        "verified_only": verified_only,
    }
    return render(request, "surveys/survey_results.html", context)


def _staff_export(request, slug: str) -> Survey:
    survey = get_object_or_404(Survey, slug=slug)
    if not request.user.has_perm("surveys.view_exact_answers", survey):
        raise PermissionDenied
    return survey


def export_responses(request, slug: str):
    return exports.responses_csv(_staff_export(request, slug))


def export_answers(request, slug: str):
    return exports.answers_csv(_staff_export(request, slug))


def exact_answers_geojson(request, slug: str, question_id: int):
    survey = _staff_export(request, slug)
    question = get_object_or_404(survey.questions, pk=question_id)
    return HttpResponse(exports.answer_features(question), content_type="application/geo+json")


@require_http_methods(["GET", "POST"])
def anonymous_answers(request):
    """Export or erase what this browser answered in anonymous surveys: the signed cookie is the only key, so
    nobody else's answers can be reached and nobody needs an account."""
    token = access.respondent_token(request)
    error = None
    if request.method == "POST" and token:
        if request.POST.get("bestaetigt") == "1":
            count = personal.token_erase(token)
            messages.success(
                request, _("Ihre anonymen Antworten sind gelöscht (%(count)d Umfragen).") % {"count": count}
            )
            response = redirect("surveys:anonymous-answers")
            response.delete_cookie(access.TOKEN_COOKIE)
            return response
        error = _("Bitte bestätigen Sie, dass Ihre Antworten endgültig gelöscht werden sollen.")
    count = len(personal.token_data(token)["responses"]) if token else 0
    context = {"has_token": bool(token), "count": count, "error": error}
    return render(request, "surveys/anonymous_answers.html", context, status=400 if error else 200)


def anonymous_answers_export(request):
    if not (token := access.respondent_token(request)):
        raise Http404
    data = {"exported_at": timezone.now()} | personal.token_data(token)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="klmitwirkung-anonyme-antworten.json"'
    return response
