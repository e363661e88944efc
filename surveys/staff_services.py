"""Writes of the staff pages: building a survey and its questions without corrupting collected answers."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from layers.models import Project
from surveys.kinds import kind_names, kind_of
from surveys.models import Choice, Question, Response, Survey


def survey_has_responses(survey: Survey) -> bool:
    return Response.objects.filter(survey=survey).exists()


def question_change_errors(question: Question, *, new: dict, choices: list[str] | None) -> dict[str, str]:
    """Why a change to an answered survey's question is refused (field name → German message); shared with the admin."""
    if question.pk is None or not survey_has_responses(question.survey):
        return {}
    old = Question.objects.get(pk=question.pk)
    errors = {}
    for field in ("kind", *kind_of(old).frozen_once_answered):
        if field in new and new[field] != getattr(old, field):
            errors[field] = _(
                "Für diese Umfrage liegen bereits Antworten vor: „%(field)s“ kann nicht mehr geändert werden."
            ) % {"field": Question._meta.get_field(field).verbose_name}
    if choices is not None and old.has_choices:
        missing = [text for text in old.choices.values_list("text", flat=True) if text not in choices]
        if missing:
            errors["choices_text"] = _(
                "Für diese Umfrage liegen bereits Antworten vor: Antwortmöglichkeiten können nicht mehr entfernt "
                "oder umbenannt werden (%(choices)s). Neue dürfen ergänzt werden."
            ) % {"choices": ", ".join(f"„{text}“" for text in missing)}
    return errors


def question_delete_error(question: Question) -> str | None:
    if survey_has_responses(question.survey):
        return _("Für diese Umfrage liegen bereits Antworten vor: Fragen können nicht mehr gelöscht werden.")
    return None


@transaction.atomic
def survey_create(
    *,
    title: str,
    slug: str,
    opens_at: datetime,
    closes_at: datetime,
    introduction: str = "",
    introduction_easy: str = "",
    project: Project | None = None,
    access: str = Survey.Access.REGISTERED,
    results_public: bool = True,
    district_sources: list[str] | None = None,
    is_poll: bool = False,
) -> Survey:
    survey = Survey(
        title=title, slug=slug, opens_at=opens_at, closes_at=closes_at, introduction=introduction,
        introduction_easy=introduction_easy, project=project,
        access=access, results_public=results_public, is_poll=is_poll,
    )  # fmt: skip
    if district_sources is not None:
        survey.district_sources = district_sources
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, data: dict) -> Survey:
    for field, value in data.items():
        setattr(survey, field, value)
    survey.full_clean()
    survey.save()
    return survey


def _lock(survey: Survey) -> None:
    """Serialises the ordering of one survey's questions (create, move) between two staff members."""
    Survey.objects.select_for_update().filter(pk=survey.pk).first()


def _sync_choices(question: Question, choices: list[str]) -> None:
    if not question.has_choices:
        question.choices.all().delete()
        return
    existing = {choice.text: choice for choice in question.choices.all()}
    question.choices.exclude(text__in=choices).delete()
    for order, text in enumerate(choices, start=1):
        choice = existing.get(text) or Choice(question=question, text=text)
        choice.order = order
        try:
            choice.full_clean(exclude=["question"])
        except ValidationError as error:
            raise ValidationError({"choices_text": error.messages}) from None
        choice.save()


def _check_choices(kind: str, choices: list[str]) -> None:
    if kind in kind_names(has_choices=True) and len(choices) < 2:
        raise ValidationError({"choices_text": _("Bitte geben Sie mindestens zwei Antwortmöglichkeiten an.")})
    if len(set(choices)) != len(choices):
        raise ValidationError({"choices_text": _("Jede Antwortmöglichkeit darf nur einmal vorkommen.")})


@transaction.atomic
def question_create(*, survey: Survey, kind: str, text: str, choices: list[str], **fields) -> Question:
    """Appends a question (with its choices, one per list item) at the end of the survey."""
    _lock(survey)
    if survey.is_poll and survey.questions.exists():
        raise ValidationError({"kind": _("Eine Abstimmung hat genau eine Frage.")})
    _check_choices(kind, choices)
    last = survey.questions.aggregate(last=Max("order"))["last"] or 0
    question = Question(survey=survey, order=last + 1, kind=kind, text=text, **fields)
    question.full_clean()
    question.save()
    _sync_choices(question, choices)
    return question


@transaction.atomic
def question_update(*, question: Question, data: dict, choices: list[str]) -> Question:
    """Refuses changes that would change the meaning of collected answers (see `question_change_errors`)."""
    _lock(question.survey)
    errors = question_change_errors(question, new=data, choices=choices)
    if errors:
        raise ValidationError(errors)
    _check_choices(data.get("kind", question.kind), choices)
    for field, value in data.items():
        setattr(question, field, value)
    question.full_clean()
    question.save()
    _sync_choices(question, choices)
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    _lock(question.survey)
    error = question_delete_error(question)
    if error:
        raise ValidationError(error)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    """Swaps the question with its neighbour; refused if a condition would then point to a later question."""
    _lock(question.survey)
    siblings = question.survey.questions.order_by("order")
    neighbour = (
        siblings.filter(order__lt=question.order).last() if up else siblings.filter(order__gt=question.order).first()
    )
    if neighbour is None:
        return
    mine, theirs = question.order, neighbour.order
    # The (survey, order) constraint is not deferrable: park one question on a free number first.
    parked = (siblings.aggregate(last=Max("order"))["last"] or 0) + 1
    Question.objects.filter(pk=question.pk).update(order=parked)
    Question.objects.filter(pk=neighbour.pk).update(order=mine)
    Question.objects.filter(pk=question.pk).update(order=theirs)
    affected = question.survey.questions.filter(
        Q(pk__in=[question.pk, neighbour.pk]) | Q(show_if_choice__question__in=[question.pk, neighbour.pk])
    ).select_related("show_if_choice__question")
    for candidate in affected:
        try:
            candidate.clean()
        except ValidationError:
            raise ValidationError(
                _("„%(question)s“ hängt von einer früheren Antwort ab und muss nach deren Frage kommen.")
                % {"question": candidate.text}
            ) from None
    question.order = theirs
