import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from accounts.roles import Role
from surveys.models import Question, Response, Survey
from surveys.results import MIN_GROUP, SHOWN_FROM
from surveys.services import response_submit
from tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory, UserFactory, api_key
from tests.surveys.conftest import point_in

pytestmark = pytest.mark.django_db


def url(survey, part=""):
    return f"/api/v1/surveys/{survey.pk}/{part}"


def test_list_shows_published_surveys_only(client, django_assert_max_num_queries):
    SurveyFactory(title="Offen")
    SurveyFactory(
        title="Bald",
        opens_at=timezone.now() + timezone.timedelta(days=1),
        closes_at=timezone.now() + timezone.timedelta(days=2),
    )
    with django_assert_max_num_queries(3):
        body = client.get("/api/v1/surveys/").json()
    assert [s["title"] for s in body] == ["Offen"]


def test_detail_lists_questions_with_choices(client, full_survey, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        body = client.get(url(full_survey)).json()
    assert [q["kind"] for q in body["questions"]][:4] == ["single", "multiple", "text", "scale"]
    assert [c["text"] for c in body["questions"][0]["choices"]] == ["ja", "nein"]
    assert body["questions"][6]["show_if_choice"] == full_survey.nein.pk


@override_settings(PAGE_CACHE_SECONDS=5)
def test_visitors_without_an_account_share_the_survey_for_a_few_seconds(client, full_survey, django_assert_num_queries):
    first = client.get(url(full_survey)).json()
    question = full_survey.q["single"]
    Question.objects.filter(pk=question.pk).update(text="Neu formuliert?")
    with django_assert_num_queries(0):
        again = Client().get(url(full_survey)).json()
    assert again == first
    cache.clear()  # PAGE_CACHE_SECONDS later
    assert Client().get(url(full_survey)).json()["questions"][0]["text"] == "Neu formuliert?"


@override_settings(PAGE_CACHE_SECONDS=5)
def test_signed_in_requests_neither_fill_nor_get_the_shared_survey(client):
    upcoming = SurveyFactory(
        opens_at=timezone.now() + timezone.timedelta(days=1), closes_at=timezone.now() + timezone.timedelta(days=2)
    )
    planner = UserFactory(roles=[Role.PLANNER])
    by_token = client.get(url(upcoming), headers={"Authorization": f"Token {api_key(planner)}"})
    assert by_token.status_code == 200
    assert Client().get(url(upcoming)).status_code == 404
    signed_in = Client()
    signed_in.force_login(planner)
    assert signed_in.get(url(upcoming)).json()["id"] == upcoming.pk


def test_post_creates_then_updates_a_registered_response(client, full_survey, minimal_answers):
    client.force_login(UserFactory())
    first = client.post(url(full_survey, "responses/"), {"answers": minimal_answers}, content_type="application/json")
    assert first.status_code == 201
    again = client.post(url(full_survey, "responses/"), {"answers": minimal_answers}, content_type="application/json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Response.objects.count() == 1


def test_post_errors_name_the_question(client, full_survey, minimal_answers, stadtteile):
    client.force_login(UserFactory())
    q = full_survey.q
    answers = {
        **minimal_answers,
        str(q["single"].pk): full_survey.nein.pk,
        str(q["point"].pk): {"type": "Point", "coordinates": [7.60, 49.44]},
        str(q["number"].pk): 500,
    }
    answers.pop(str(q["scale"].pk))
    response = client.post(url(full_survey, "responses/"), {"answers": answers}, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[q["point"].field_name] == {
        "question": q["point"].pk,
        "text": "Wo fühlen Sie sich unsicher?",
        "message": "Dieser Ort liegt außerhalb von Kaiserslautern. Bitte wählen Sie einen Ort im Stadtgebiet.",
    }
    assert errors[q["number"].field_name]["message"] == "Bitte geben Sie eine Zahl von 0 bis 120 ein."
    assert errors[q["scale"].field_name]["message"] == "Bitte beantworten Sie diese Frage."
    assert not Response.objects.exists()


def test_post_needs_an_account_for_registered_only_surveys(client, full_survey, minimal_answers):
    response = client.post(
        url(full_survey, "responses/"), {"answers": minimal_answers}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "melden Sie sich an" in response.json()["detail"]


def test_malformed_body_is_a_400(client, full_survey):
    client.force_login(UserFactory())
    response = client.post(url(full_survey, "responses/"), {"answers": "ja"}, content_type="application/json")
    assert response.status_code == 400
    assert "answers" in response.json()


def test_anonymous_browser_answers_once_and_gets_a_signed_cookie(client, full_survey, minimal_answers):
    full_survey.access = Survey.Access.ANONYMOUS
    full_survey.save()
    first = client.post(url(full_survey, "responses/"), {"answers": minimal_answers}, content_type="application/json")
    assert first.status_code == 201
    assert "klmw_survey" in first.cookies
    second = client.post(url(full_survey, "responses/"), {"answers": minimal_answers}, content_type="application/json")
    assert second.status_code == 403
    assert "bereits teilgenommen" in second.json()["detail"]
    assert Response.objects.get().verified is False


@override_settings(SURVEY_ANONYMOUS_RATE="3/h")
def test_anonymous_responses_are_rate_limited_per_ip(full_survey, minimal_answers):
    from django.test import Client

    full_survey.access = Survey.Access.ANONYMOUS
    full_survey.save()
    responses = [
        Client().post(url(full_survey, "responses/"), {"answers": minimal_answers}, content_type="application/json")
        for _ in range(4)
    ]
    assert [r.status_code for r in responses] == [201, 201, 201, 429]
    assert 0 < int(responses[-1]["Retry-After"]) <= 3600
    assert "Minute" in responses[-1].json()["detail"]
    assert Response.objects.count() == 3


def make_results(survey, question, choice, stadtteil, count):
    for _ in range(count):
        response_submit(
            survey=survey, user=UserFactory(home_stadtteil=stadtteil), answers={str(question.pk): choice.pk}
        )


@pytest.fixture
def closed_poll(stadtteile):
    survey = SurveyFactory(results_public=True)
    question = QuestionFactory(survey=survey, text="Mehr Bäume?")
    ja = ChoiceFactory(question=question, text="ja")
    make_results(survey, question, ja, stadtteile[1], SHOWN_FROM)
    make_results(survey, question, ja, stadtteile[2], MIN_GROUP - 1)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timezone.timedelta(minutes=1))
    survey.refresh_from_db()
    return survey


def test_public_results_suppress_a_district_with_four(client, closed_poll):
    body = client.get(url(closed_poll, "results/")).json()
    rows = {row["number"]: row for row in body["questions"][0]["stadtteile"]}
    assert SHOWN_FROM <= rows[1]["n"] <= SHOWN_FROM + 2
    assert rows[1]["perturbed"] is True
    assert rows[2] == {
        "number": 2, "name": rows[2]["name"], "slug": rows[2]["slug"], "n": None, "suppressed": True, "perturbed": False
    }  # fmt: skip
    assert "4" not in str(rows[2])
    assert body["exact"] is False
    assert body["disclosure"] == {"method": "cell-key", "min_group": 5, "shown_from": 6, "max_noise": 2}


def test_planners_see_exact_counts(client, closed_poll):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    body = client.get(url(closed_poll, "results/")).json()
    assert {row["number"]: row["n"] for row in body["questions"][0]["stadtteile"]}[2] == 4
    assert body["disclosure"]["method"] == "exact"
    assert body["questions"][0]["exact"] is True


def test_moderators_see_suppressed_results(client, closed_poll):
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    body = client.get(url(closed_poll, "results/")).json()
    assert {row["number"]: row["n"] for row in body["questions"][0]["stadtteile"]}[2] is None


def test_results_of_an_open_survey_are_not_public(client, full_survey):
    response = client.get(url(full_survey, "results/"))
    assert response.status_code == 403
    assert "nach dem Ende" in response.json()["detail"]


def test_unpublished_survey_is_404(client):
    survey = SurveyFactory(
        opens_at=timezone.now() + timezone.timedelta(days=1), closes_at=timezone.now() + timezone.timedelta(days=2)
    )
    assert client.get(url(survey)).status_code == 404
    assert client.get(url(survey, "results/")).status_code == 404


def test_map_grid_in_the_api_hides_a_cell_with_four(client, stadtteile):
    survey = SurveyFactory(results_public=True)
    where = QuestionFactory(survey=survey, kind="point", text="Wo?")
    for stadtteil, count in ((stadtteile[1], 6), (stadtteile[12], 5)):
        for _ in range(count):
            response_submit(survey=survey, user=UserFactory(), answers={str(where.pk): point_in(stadtteil)})
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now())
    grid = client.get(url(survey, "results/")).json()["questions"][0]["grid"]
    # Only the cell of six is published; its count carries the policy's noise (never below six).
    counts = [f["properties"]["count"] for f in grid["features"]]
    assert len(counts) == 1
    assert 6 <= counts[0] <= 8


def test_the_openapi_schema_describes_the_survey_endpoints(client):
    schema = client.get("/api/schema/?format=json").json()
    assert {
        "/api/v1/surveys/",
        "/api/v1/surveys/{survey_id}/responses/",
        "/api/v1/surveys/{survey_id}/results/",
    } <= set(schema["paths"])
    assert "SurveyResponseInput" in schema["components"]["schemas"]


def test_results_api_can_leave_out_unverified(client, closed_poll):
    body = client.get(url(closed_poll, "results/") + "?verified=true").json()
    assert body["verified_only"] is True
    registered = Response.objects.filter(survey=closed_poll, verified=True).count()
    assert registered == SHOWN_FROM + MIN_GROUP - 1  # every response of the fixture is by an account
    assert registered - 2 <= body["questions"][0]["n"] <= registered + 2  # perturbed by at most max_noise
    assert client.get(url(closed_poll, "results/") + "?verified=vielleicht").status_code == 400
