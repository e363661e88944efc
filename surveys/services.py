"""Writes: submitting a response (validated, one per person, district set on write)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_verified_participant
from geo.models import Stadtteil
from surveys.kinds import kind_of
from surveys.models import Answer, AnswerChoice, Response, Survey
from surveys.selectors import survey_questions
from surveys.validation import CleanAnswer, clean_answers

SURVEY_ERROR = "survey"  # key of errors that concern the whole survey rather than one question


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    answers: dict[str, object],
    user: User | None = None,
    token: str | None = None,
    at: datetime | None = None,
) -> Response:
    """Create the respondent's response, or replace the answers of a registered user's earlier one.

    Raises ValidationError keyed by "q<question id>" (or "survey") with a German message.
    """
    at = at or timezone.now()
    if not survey.is_open(at):
        raise ValidationError({SURVEY_ERROR: _("Diese Umfrage ist derzeit nicht geöffnet.")})
    if user is None and survey.access != Survey.Access.ANONYMOUS:
        raise ValidationError({SURVEY_ERROR: _("Bitte melden Sie sich an, um an dieser Umfrage teilzunehmen.")})
    if user is not None and not is_verified_participant(user):
        raise ValidationError({SURVEY_ERROR: _("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse.")})
    if user is None and not token:
        raise ValidationError({SURVEY_ERROR: _("Bitte erlauben Sie Cookies, um ohne Konto teilzunehmen.")})
    cleaned = clean_answers(survey_questions(survey), answers)

    identity = {"user": user} if user is not None else {"token": token}
    stadtteil = _respondent_stadtteil(survey, user, cleaned)
    try:
        # For an account a savepoint, so a concurrent twin that inserted first turns into an update below.
        # Without one the refusal rolls back the whole transaction anyway: no savepoint, two round trips
        # fewer per anonymous response (docs/performance.md, "Load test").
        with transaction.atomic(savepoint=user is not None):
            response = Response.objects.create(
                survey=survey, verified=user is not None, created_at=at, updated_at=at, stadtteil=stadtteil,
                **identity,
            )  # fmt: skip
    except IntegrityError:
        if user is None:
            raise ValidationError(
                {SURVEY_ERROR: _("Von diesem Browser aus wurde an dieser Umfrage bereits teilgenommen.")}
            ) from None
        response = Response.objects.select_for_update().get(survey=survey, **identity)
        response.answers.all().delete()
        response.stadtteil, response.updated_at = stadtteil, at
        response.save(update_fields=["stadtteil", "updated_at"])

    _write_answers(response, cleaned)
    return response


def _write_answers(response: Response, cleaned: list[CleanAnswer]) -> None:
    answers = Answer.objects.bulk_create(
        Answer(
            response=response,
            question=item.question,
            text=item.text,
            number=item.number,
            geom=item.geom,
            stadtteil=item.stadtteil,
        )
        for item in cleaned
    )
    AnswerChoice.objects.bulk_create(
        AnswerChoice(answer=answer, choice_id=choice_id, rank=rank if kind_of(item.question).ranked else None)
        for answer, item in zip(answers, cleaned, strict=True)
        for rank, choice_id in enumerate(item.choice_ids, start=1)
    )


def _respondent_stadtteil(survey: Survey, user: User | None, cleaned: list[CleanAnswer]) -> Stadtteil | None:
    """The first Stadtteil found in the survey's chosen order of sources."""
    for source in survey.district_sources:
        if source == Survey.DistrictSource.MAP:
            found = next((a.stadtteil for a in cleaned if a.question.is_map and a.stadtteil), None)
        elif source == Survey.DistrictSource.PROFILE:
            found = user.home_stadtteil if user is not None else None
        else:
            chosen = (a for a in cleaned if kind_of(a.question).answer_district and not a.question.is_map)
            found = next((a.stadtteil for a in chosen), None)
        if found is not None:
            return found
    return None
