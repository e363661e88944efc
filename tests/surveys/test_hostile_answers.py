"""Answers in a shape no honest client sends (forged forms, broken API clients) are field errors, never 500s."""

import pytest

from surveys.models import Question, Response
from tests.factories import UserFactory
from tests.surveys.test_pages import form_data

pytestmark = pytest.mark.django_db

INVALID_PLACE = "Bitte markieren Sie einen Ort auf der Karte."
NOT_A_CHOICE = "Diese Antwort gehört nicht zu dieser Frage."
MAP_KINDS = ["point", "multipoint", "line", "area"]


@pytest.fixture
def survey(full_survey):
    """The full survey with its point question always shown, so every map kind can be answered."""
    Question.objects.filter(pk=full_survey.q["point"].pk).update(show_if_choice=None, required=False)
    return full_survey


def post_api(client, survey, answers):
    client.force_login(UserFactory())
    return client.post(f"/api/v1/surveys/{survey.pk}/responses/", {"answers": answers}, content_type="application/json")


def error_of(response, question) -> str:
    assert response.status_code == 400, response.content
    return response.json()["errors"][question.field_name]["message"]


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": ["a", "b"]},
        {"type": "Point", "coordinates": 5},
        {"type": "Point", "coordinates": None},
        {"type": "Point", "coordinates": [7.7]},
        {"type": "Point"},
        {"type": "LineString", "coordinates": [[7.75, 49.44], ["x"]]},
        {"type": "Polygon", "coordinates": [[7.75, 49.44]]},
        {"type": "Feature", "geometry": None},
        {"type": "Unbekannt"},
        {"type": None},
        {"coordinates": [7.75, 49.44]},
        {"choices": 5},
        '{"type": "Point"}',
        "POINT(",
        # huge and not-a-number coordinates
        {"type": "Point", "coordinates": [1e308, 1e308]},
        {"type": "LineString", "coordinates": [[1e308, 0], [-1e308, 0]]},
        '{"type": "Point", "coordinates": [1e999, 49.44]}',
        "POINT(nan nan)",
        "SRID=4326;POINT(1e400 49.44)",
    ],
)
def test_api_map_answer_that_gdal_cannot_read_is_a_field_error(client, survey, minimal_answers, geometry):
    for kind in MAP_KINDS:
        question = survey.q[kind]
        response = post_api(client, survey, {**minimal_answers, str(question.pk): geometry})
        assert error_of(response, question) == INVALID_PLACE, kind
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("kind", "geometry"),
    [
        ("point", {"type": "Point", "coordinates": [7.75, 49.44, 230.5]}),
        ("point", "POINT Z (7.75 49.44 5)"),
        ("point", "POINT M (7.75 49.44 5)"),
        ("multipoint", "MULTIPOINT Z (7.75 49.44 1, 7.76 49.44 2)"),
        ("line", {"type": "LineString", "coordinates": [[7.75, 49.44, 5], [7.76, 49.44, 5]]}),
        ("area", "POLYGON Z ((7.75 49.44 1, 7.76 49.44 2, 7.76 49.45 2, 7.75 49.44 1))"),
    ],
)
def test_api_map_answer_with_heights_is_a_field_error(client, survey, minimal_answers, kind, geometry):
    question = survey.q[kind]
    response = post_api(client, survey, {**minimal_answers, str(question.pk): geometry})
    assert error_of(response, question) == INVALID_PLACE


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("multiple", {"choices": 5}),
        ("multiple", {"choices": {"a": 1}}),
        ("multiple", {"choices": "1"}),
        ("ranking", {"choices": 5}),
        ("ranking", {"choices": {"a": 1}}),
        ("single", {"a": 1}),
        ("single", [[1]]),
        ("single", 1.5),
        ("single", True),
        ("stadtteil", 1.5),
        ("stadtteil", True),
        ("stadtteil", 10**30),
        # int() reads Arabic-Indic and padded digits as 3; the edge's one id rule (posted_id) does not.
        ("stadtteil", "٣"),
        ("stadtteil", " 3"),
    ],
)
def test_api_choice_in_the_wrong_shape_is_a_field_error(client, survey, minimal_answers, kind, value):
    question = survey.q[kind]
    response = post_api(client, survey, {**minimal_answers, str(question.pk): value})
    assert response.status_code == 400, response.content
    assert str(question.pk) in str(response.json()["errors"][question.field_name]["question"])


def test_api_choice_given_as_a_float_or_bool_is_not_taken_for_a_choice_id(client, survey, minimal_answers):
    """1.5 and true are not choice ids, even where int() would turn them into one."""
    question = survey.q["single"]
    for value in [survey.ja.pk + 0.5, True]:
        response = post_api(client, survey, {**minimal_answers, str(question.pk): value})
        assert error_of(response, question) == NOT_A_CHOICE


@pytest.mark.parametrize("rank", ["²", "٣", "1.5", "abc", "-1", "9" * 30])
def test_form_rank_that_is_not_a_plain_number_is_a_field_error(client, survey, rank):
    client.force_login(UserFactory())
    q = survey.q
    choice = q["ranking"].choices.first()
    data = form_data(survey, **{f"{q['ranking'].field_name}_rank_{choice.pk}": rank})
    data[q["single"].field_name] = str(survey.ja.pk)
    response = client.post(survey.get_absolute_url(), data)
    assert response.status_code == 400
    assert NOT_A_CHOICE in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize(("lon", "lat"), [("nan", "49.44"), ("1e400", "49.44"), ("7.75", "-inf"), ("1e308", "1e308")])
def test_form_point_with_junk_coordinates_is_a_field_error(client, survey, lon, lat):
    client.force_login(UserFactory())
    q = survey.q
    data = form_data(survey, **{f"{q['point'].field_name}_lon": lon, f"{q['point'].field_name}_lat": lat})
    response = client.post(survey.get_absolute_url(), data)
    assert response.status_code == 400
    assert INVALID_PLACE in response.content.decode()


@pytest.mark.parametrize(
    "text",
    [
        '{"type": "LineString", "coordinates": [["a", 1]]}',
        '{"type": "Point"}',
        "{",
        "[" * 100_000 + "]" * 100_000,  # deeper than Python's json recurses
        '{"type": "LineString", "coordinates": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ],
    ids=["strings", "no-coordinates", "broken", "deep", "deep-coordinates"],
)
def test_form_line_with_broken_geojson_is_a_field_error(client, survey, text):
    client.force_login(UserFactory())
    q = survey.q
    data = form_data(survey, **{f"{q['line'].field_name}_geojson": text})
    response = client.post(survey.get_absolute_url(), data)
    assert response.status_code == 400
    assert INVALID_PLACE in response.content.decode()


@pytest.mark.parametrize("target", ["abc", "0", "surveys:list"])
def test_form_next_that_is_no_path_goes_back_to_the_survey(client, survey, target):
    """redirect() took "abc" for a URL name: a 500 after the answers were saved."""
    client.force_login(UserFactory())
    data = form_data(survey, next=target)
    data[survey.q["single"].field_name] = str(survey.ja.pk)
    response = client.post(survey.get_absolute_url(), data)
    assert response.status_code == 302
    assert response["Location"] == survey.get_absolute_url()
    assert Response.objects.count() == 1
