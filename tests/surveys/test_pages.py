import csv
import io
import json
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone

from accounts.roles import Role
from surveys.models import Answer, Response, Survey
from surveys.panels import render_project_panel
from surveys.results import MIN_GROUP, SHOWN_FROM
from surveys.services import response_submit
from tests.factories import ChoiceFactory, ProjectFactory, QuestionFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db


def form_data(survey, **extra):
    q = survey.q
    data = {
        q["single"].field_name: str(survey.nein.pk),
        q["multiple"].field_name: [str(q["multiple"].choices.first().pk)],
        f"{q['multiple'].field_name}_other": "E-Roller",
        q["scale"].field_name: "4",
        f"{q['point'].field_name}_lon": "",
        f"{q['point'].field_name}_lat": "",
    }
    data.update(extra)
    return data


def test_list_page_links_the_surveys(client, full_survey):
    page = client.get("/umfragen/").content.decode()
    assert full_survey.get_absolute_url() in page
    assert "Umfragen" in client.get("/").content.decode()  # the nav item


def test_form_shows_every_question_kind(client, full_survey):
    client.force_login(UserFactory())
    page = client.get(full_survey.get_absolute_url()).content.decode()
    q = full_survey.q
    assert f'name="{q["single"].field_name}"' in page
    assert f'name="{q["multiple"].field_name}_other"' in page
    assert f'name="{q["ranking"].field_name}_rank_' in page
    assert f'name="{q["point"].field_name}_lon"' in page
    assert f'name="{q["line"].field_name}_geojson"' in page
    assert f'data-show-if-choice="{full_survey.nein.pk}"' in page
    assert "dunkel" in page


def test_errors_are_shown_at_the_question_and_input_is_kept(client, full_survey):
    client.force_login(UserFactory())
    q = full_survey.q
    data = form_data(
        full_survey,
        **{
            f"{q['point'].field_name}_lon": "7.60",
            f"{q['point'].field_name}_lat": "49.44",
            q["number"].field_name: "130",
        },
    )
    response = client.post(full_survey.get_absolute_url(), data)
    assert response.status_code == 400
    page = response.content.decode()
    point_block = page[page.index(f'id="{q["point"].field_name}"') : page.index(f'id="{q["multipoint"].field_name}"')]
    assert "außerhalb von Kaiserslautern" in point_block
    assert 'value="7.6"' in point_block
    number_block = page[page.index(f'id="{q["number"].field_name}"') : page.index(f'id="{q["ranking"].field_name}"')]
    assert "Bitte geben Sie eine Zahl von 0 bis 120 ein." in number_block
    assert 'value="130"' in number_block
    assert "E-Roller" in page
    assert not Response.objects.exists()


def test_submitting_the_form_saves_and_reopens_for_editing(client, full_survey, stadtteile):
    client.force_login(UserFactory())
    q = full_survey.q
    point = stadtteile[6].label_point
    data = form_data(
        full_survey,
        **{
            f"{q['point'].field_name}_lon": str(point.x),
            f"{q['point'].field_name}_lat": str(point.y),
            f"{q['ranking'].field_name}_rank_{q['ranking'].choices.last().pk}": "1",
        },
    )
    response = client.post(full_survey.get_absolute_url(), data)
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.stadtteil == stadtteile[6]
    page = client.get(full_survey.get_absolute_url()).content.decode()
    assert "Antworten ändern" in page
    assert "E-Roller" in page
    assert f'value="{point.x}"' in page


def test_two_choices_on_one_rank_are_refused(client, full_survey):
    client.force_login(UserFactory())
    q = full_survey.q
    first, second = list(q["ranking"].choices.all())[:2]
    data = form_data(
        full_survey,
        **{f"{q['ranking'].field_name}_rank_{first.pk}": "1", f"{q['ranking'].field_name}_rank_{second.pk}": "1"},
    )
    data[q["single"].field_name] = str(full_survey.ja.pk)
    response = client.post(full_survey.get_absolute_url(), data)
    assert "Bitte vergeben Sie jeden Rang nur einmal." in response.content.decode()


def test_anonymous_form_sets_a_cookie_and_refuses_a_second_response(client, full_survey):
    full_survey.access = Survey.Access.ANONYMOUS
    full_survey.save()
    data = form_data(full_survey)
    data[full_survey.q["single"].field_name] = str(full_survey.ja.pk)
    assert client.post(full_survey.get_absolute_url(), data).status_code == 302
    assert (
        "Von diesem Browser aus wurde bereits teilgenommen"
        in client.get(full_survey.get_absolute_url()).content.decode()
    )
    assert client.post(full_survey.get_absolute_url(), data).status_code == 400
    assert Response.objects.count() == 1


def test_registered_only_survey_asks_to_log_in(client, full_survey):
    page = client.get(full_survey.get_absolute_url()).content.decode()
    assert "Bitte melden Sie sich an" in page
    assert '<form method="post" class="survey-form"' not in page


@pytest.fixture
def closed_survey(stadtteile):
    survey = SurveyFactory(results_public=True)
    question = QuestionFactory(survey=survey, text="Mehr Bäume?")
    ja = ChoiceFactory(question=question, text="ja")
    ChoiceFactory(question=question, text="nein")
    text = QuestionFactory(survey=survey, kind="text", text="Warum?", required=False)
    for stadtteil, count in ((stadtteile[1], SHOWN_FROM), (stadtteile[2], MIN_GROUP - 1)):
        for _ in range(count):
            response_submit(
                survey=survey,
                user=UserFactory(home_stadtteil=stadtteil),
                answers={str(question.pk): ja.pk, str(text.pk): "Geheimer Freitext"},
            )
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now())
    survey.refresh_from_db()
    return survey


def results_row(page: str, number: int) -> str:
    start = page.index(f'<tr data-stadtteil="{number}"')
    return page[start : page.index("</tr>", start)]


def test_results_page_suppresses_small_districts(client, closed_survey):
    page = client.get(f"/umfragen/{closed_survey.slug}/ergebnisse/").content.decode()
    assert any(f"<td>{n}</td>" in results_row(page, 1) for n in (6, 7, 8))  # six, perturbed
    assert "Warum die Zahlen nicht genau aufgehen" in page
    assert "&lt; 6" in results_row(page, 2)
    assert ">4<" not in results_row(page, 2)
    assert "Geheimer Freitext" not in page
    data = json.loads(page[page.index('id="survey-results-data"') :].split(">", 1)[1].split("</script>")[0])
    assert {row["number"]: row["n"] for row in data[0]["stadtteile"]}[2] is None


def test_results_page_before_the_end_is_refused(client, full_survey):
    response = client.get(f"/umfragen/{full_survey.slug}/ergebnisse/")
    assert response.status_code == 403
    assert "nach dem Ende der Umfrage" in response.content.decode()


def test_planners_see_exact_numbers_texts_and_exports(client, closed_survey):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    page = client.get(f"/umfragen/{closed_survey.slug}/ergebnisse/").content.decode()
    assert "<td>4</td>" in results_row(page, 2)
    assert "Geheimer Freitext" in page

    responses = client.get(f"/umfragen/{closed_survey.slug}/export/teilnahmen.csv")
    rows = list(csv.reader(io.StringIO(b"".join(responses.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:5] == ["teilnahme", "erstellt", "geaendert", "bestaetigt", "stadtteil"]
    assert len(rows) == 1 + SHOWN_FROM + MIN_GROUP - 1
    assert rows[1][5:] == ["ja", "Geheimer Freitext"]

    answers = client.get(f"/umfragen/{closed_survey.slug}/export/antworten.csv")
    rows = list(csv.reader(io.StringIO(b"".join(answers.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1 + 2 * (SHOWN_FROM + MIN_GROUP - 1)


@pytest.mark.parametrize("role", [None, Role.MODERATOR])
def test_exports_are_for_planners_and_admins_only(client, closed_survey, role):
    if role:
        client.force_login(UserFactory(roles=[role]))
    assert client.get(f"/umfragen/{closed_survey.slug}/export/teilnahmen.csv").status_code == 403
    question = closed_survey.questions.first()
    assert client.get(f"/umfragen/{closed_survey.slug}/fragen/{question.pk}/orte.geojson").status_code == 403


def test_exact_points_for_planners(client, stadtteile):
    survey = SurveyFactory()
    where = QuestionFactory(survey=survey, kind="point", text="Wo?")
    response_submit(
        survey=survey,
        user=UserFactory(),
        answers={str(where.pk): {"type": "Point", "coordinates": list(stadtteile[3].label_point.coords)}},
    )
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    body = client.get(f"/umfragen/{survey.slug}/fragen/{where.pk}/orte.geojson").json()
    assert body["features"][0]["properties"]["stadtteil_number"] == 3


def test_csv_cells_cannot_become_formulas(client, stadtteile):
    survey = SurveyFactory()
    text = QuestionFactory(survey=survey, kind="text", text="Warum?")
    response_submit(survey=survey, user=UserFactory(), answers={str(text.pk): "=HYPERLINK(1)"})
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    content = b"".join(client.get(f"/umfragen/{survey.slug}/export/antworten.csv").streaming_content).decode()
    assert "'=HYPERLINK(1)" in content


def test_project_panel_shows_the_poll_then_its_result(client, stadtteile):
    project = ProjectFactory()
    poll = SurveyFactory(project=project, is_poll=True, title="Mehr Bäume?")
    question = QuestionFactory(survey=poll, text="Sollen mehr Bäume gepflanzt werden?")
    ja = ChoiceFactory(question=question, text="ja")
    ChoiceFactory(question=question, text="nein")
    SurveyFactory(project=project, title="Große Umfrage zum Platz")
    for _ in range(MIN_GROUP):
        response_submit(survey=poll, user=UserFactory(), answers={str(question.pk): ja.pk})
    voter = UserFactory()
    request = RequestFactory().get("/vorhaben/x/")
    request.user = voter
    html = render_project_panel(request, project)
    assert "Abstimmen" in html
    assert 'name="next" value="/vorhaben/x/"' in html
    assert "Große Umfrage zum Platz" in html

    client.force_login(voter)
    response = client.post(poll.get_absolute_url(), {question.field_name: ja.pk, "next": "/vorhaben/x/"})
    assert response.status_code == 302
    assert response["Location"] == "/vorhaben/x/"
    html = render_project_panel(request, project)
    assert "Abstimmen" not in html
    assert "Danke" in html
    assert "Ergebnis nach" not in html

    poll.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    poll.save()
    html = render_project_panel(request, project)
    assert any(f"Ergebnis nach {n} Stimmen" in html for n in range(5, 9))
    assert "100,0 %" in html
    assert "Warum die Zahlen nicht genau aufgehen" in html  # the changed count is explained where it stands
    poll.results_public = False
    poll.save()
    assert "Ergebnis nach" not in render_project_panel(request, project)
    request.user = UserFactory(roles=[Role.PLANNER])
    html = render_project_panel(request, project)
    assert "Ergebnis nach 6 Stimmen (genaue Zahlen)" in html
    assert "Warum die Zahlen nicht genau aufgehen" not in html


def test_panel_is_empty_without_surveys():
    request = RequestFactory().get("/")
    request.user = UserFactory()
    assert render_project_panel(request, ProjectFactory()) == ""


def test_next_cannot_leave_the_site(client, full_survey):
    client.force_login(UserFactory())
    data = form_data(full_survey, next="https://example.com/")
    data[full_survey.q["single"].field_name] = str(full_survey.ja.pk)
    response = client.post(full_survey.get_absolute_url(), data)
    assert response["Location"] == full_survey.get_absolute_url()
    assert Answer.objects.exists()


def test_results_page_offers_verified_only_for_anonymous_surveys(client, closed_survey):
    Survey.objects.filter(pk=closed_survey.pk).update(access=Survey.Access.ANONYMOUS)
    page = client.get(f"/umfragen/{closed_survey.slug}/ergebnisse/").content.decode()
    assert "?nur_bestaetigt=1" in page
    assert any(f"<td>{n}</td>" in results_row(page, 1) for n in (6, 7, 8))  # six, perturbed
    page = client.get(f"/umfragen/{closed_survey.slug}/ergebnisse/?nur_bestaetigt=1").content.decode()
    assert "Es werden nur Antworten mit Konto gezeigt." in page
    # The verified-only variant is published for the whole city only (docs/privacy.md, "Variants").
    assert re.search(r"[6-8] Antworten", page)
    assert "data-stadtteil=" not in page
    assert "data-density=" not in page
    assert "werden nur alle Antworten zusammen ausgewiesen" in page
