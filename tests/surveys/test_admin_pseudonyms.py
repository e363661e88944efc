"""The admin's responses never show account and token next to the response id, which is the pseudonymous
`teilnahme` column of the CSV exports (issue 21, hole 11)."""

import pytest

from accounts.roles import Role
from surveys.models import Response
from tests.factories import SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_planner_cannot_tie_a_response_id_to_an_account_in_the_admin(client):
    person = UserFactory(username="erika.mustermann", email="erika@example.org")
    survey = SurveyFactory()
    named = Response.objects.create(survey=survey, user=person)
    anonymous = Response.objects.create(survey=survey, token="cookie-token-4711")
    planner = UserFactory(roles=[Role.PLANNER], is_staff=True)
    client.force_login(planner)
    listing = client.get("/admin/surveys/response/")
    assert listing.status_code == 200
    assert f">{named.pk}<" in listing.content.decode()
    for response in (named, anonymous):
        page = client.get(f"/admin/surveys/response/{response.pk}/change/")
        assert page.status_code == 200
        html = page.content.decode()
        assert survey.title in html
        assert "erika" not in html
        assert "cookie-token-4711" not in html
