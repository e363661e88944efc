"""The dashboard with junk filters or without districts loaded answers, never with a 500."""

import pytest
from django.http import Http404
from django.urls import reverse

from accounts.roles import Role
from dashboard.filters import Filters, Measure
from dashboard.selectors import base, grid
from geo.models import Ortsbezirk, Stadtteil
from tests.factories import UserFactory

MISSING = 2**31 - 1  # a valid id no row has


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    return client


@pytest.mark.django_db
def test_staff_dashboard_without_districts_loaded_still_answers(admin_client, known_survey):
    Stadtteil.objects.all().delete()
    Ortsbezirk.objects.all().delete()
    for url in ["/auswertung/", "/auswertung/?level=ortsbezirk", "/auswertung/karte.html", "/auswertung/dichte/"]:
        assert admin_client.get(url).status_code == 200, url
    public = reverse("dashboard:survey-results", args=[known_survey["survey"].slug])
    assert admin_client.get(public).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["survey", "question", "choice", "project", "category"])
@pytest.mark.parametrize("value", ["²", "٣", "1.5", "abc", "99999999999999999999", "-1"])
def test_filter_ids_that_are_no_ids_are_a_form_error(admin_client, param, value):
    for url in ["/auswertung/", "/auswertung/auswahl/", "/auswertung/export/gebiete.csv"]:
        assert admin_client.get(url, {param: value}).status_code < 500, url
    if value != "٣":  # int("٣") is 3: an id like any other
        assert admin_client.get("/auswertung/", {param: value}).context["form"].errors[param]


@pytest.mark.django_db
def test_grid_and_shares_of_a_question_that_is_gone_are_404():
    with pytest.raises(Http404):
        grid.answer_grid(Filters(question_id=MISSING))
    with pytest.raises(Http404):
        base.answer_shares(Filters(question_id=MISSING, choice_id=MISSING, measure=Measure.SHARE))
