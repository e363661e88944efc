"""Migration 0005 (the rollups' slots) on its way back: the database at 0004 counts responses again, with the
triggers and the seed function of 0004, not with none."""

import pytest
from django.core.management import call_command
from django.db import connection

from surveys import rollups
from surveys.models import Survey
from surveys.services import response_submit

pytestmark = pytest.mark.django_db(transaction=True)


def _counted(survey_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(count), 0) FROM surveys_responserollup WHERE survey_id = %s", [survey_id])
        return cursor.fetchone()[0]


def test_back_to_0004_the_rollups_still_count_and_forward_again(full_survey, minimal_answers):
    full_survey.access = Survey.Access.ANONYMOUS
    full_survey.save()
    response_submit(survey=full_survey, user=None, token="vorher", answers=minimal_answers)
    try:
        call_command("migrate", "surveys", "0004_rollups", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {rollups.SEED_FUNCTION}")  # usable() of 0004's code asks it
            cursor.execute(
                "INSERT INTO surveys_response (survey_id, verified, token, created_at, updated_at) "
                "VALUES (%s, false, 'danach', now(), now())",
                [full_survey.pk],
            )
        assert _counted(full_survey.pk) == 2
    finally:
        call_command("migrate", "surveys", verbosity=0)
    response_submit(survey=full_survey, user=None, token="wieder", answers=minimal_answers)
    assert _counted(full_survey.pk) == 3
