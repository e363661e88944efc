"""Reads: which surveys someone sees, a survey with its questions, someone's earlier response."""

from datetime import datetime

from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.roles import is_staff_member
from surveys.kinds import kind_of
from surveys.models import Answer, Question, Response, Survey


def survey_list(*, user, at: datetime | None = None, polls: bool | None = None) -> QuerySet[Survey]:
    """Published surveys (staff also see those not yet open), newest first, with their question count."""
    at = at or timezone.now()
    surveys = Survey.objects.select_related("project").annotate(question_count=Count("questions"))
    if not is_staff_member(user):
        surveys = surveys.filter(opens_at__lte=at)
    if polls is not None:
        surveys = surveys.filter(is_poll=polls)
    return surveys.order_by("-opens_at", "title")


def survey_or_404(user, **lookup) -> Survey:
    """The survey (with its project) if `user` may read it; one they may not is a 404, like one that is not there."""
    survey = get_object_or_404(Survey.objects.select_related("project"), **lookup)
    if not user.has_perm("surveys.read_survey", survey):
        raise Http404
    return survey


def survey_questions(survey: Survey) -> list[Question]:
    return list(survey.questions.select_related("show_if_choice").prefetch_related("choices"))


def open_polls(*, project, at: datetime | None = None) -> list[Survey]:
    at = at or timezone.now()
    return list(
        Survey.objects.filter(project=project, is_poll=True, opens_at__lte=at)
        .prefetch_related("questions__choices")
        .order_by("-opens_at")
    )


def response_of(*, survey: Survey, user=None, token: str | None = None) -> Response | None:
    if user is not None and user.is_authenticated:
        return Response.objects.filter(survey=survey, user=user).first()
    if token:
        return Response.objects.filter(survey=survey, token=token).first()
    return None


def answers_as_raw(response: Response) -> dict[str, object]:
    """A response's answers in the raw form `clean_answers` accepts: to prefill the form for editing."""
    answers = (
        Answer.objects.filter(response=response).select_related("question", "stadtteil").prefetch_related("selected")
    )
    return {str(answer.question_id): kind_of(answer.question).as_raw(answer) for answer in answers}
