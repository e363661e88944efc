from django.utils import timezone

from geo.models import Stadtteil
from surveys.models import Answer, Question, Response, Survey
from surveys.services import response_submit
from tests.browser.conftest import serious_violations, tab_to
from tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory


def make_survey() -> Survey:
    survey = SurveyFactory(title="Angsträume", slug="angstraeume", access=Survey.Access.ANONYMOUS)
    question = QuestionFactory(survey=survey, order=1, text="Meiden Sie den Ort?")
    ChoiceFactory(question=question, order=1, text="ja")
    ChoiceFactory(question=question, order=2, text="nein")
    QuestionFactory(survey=survey, order=2, kind=Question.Kind.POINT, text="Wo fühlen Sie sich unsicher?")
    return survey


def test_answer_a_map_question_by_clicking_the_map(page, live_server):
    survey = make_survey()
    page.goto(live_server.url + survey.get_absolute_url())
    page.wait_for_selector(".survey-map[data-loaded='true']")
    assert serious_violations(page) == []

    page.get_by_label("ja").check()
    page.locator(".survey-map").click()  # the middle of the map: the Innenstadt
    page.wait_for_selector(".survey-map[data-points='1']")
    assert page.locator(".map-status").inner_text().startswith("Ort gesetzt")
    page.get_by_role("button", name="Antworten absenden").click()
    page.wait_for_selector(".message")

    answer = Answer.objects.get(question__kind=Question.Kind.POINT)
    assert answer.stadtteil is not None
    assert Response.objects.get().stadtteil == answer.stadtteil
    assert "Von diesem Browser aus wurde bereits teilgenommen" in page.content()


def test_answer_a_map_question_with_the_keyboard_alone(page, live_server):
    survey = make_survey()
    page.goto(live_server.url + survey.get_absolute_url())
    page.wait_for_selector(".survey-map[data-loaded='true']")

    tab_to(page, "input[type=radio]")
    page.keyboard.press("ArrowDown")  # radios: arrow keys move to "nein" and select it
    tab_to(page, ".survey-map")
    for key in ["ArrowRight", "ArrowRight", "ArrowDown", "Enter"]:
        page.keyboard.press(key)
    page.wait_for_selector(".survey-map[data-points='1']")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".message")

    response = Response.objects.get()
    assert response.answers.get(question__kind=Question.Kind.SINGLE).selected.get().choice.text == "nein"
    point = response.answers.get(question__kind=Question.Kind.POINT).geom
    assert point.x > 7.7690  # moved right (east) and down (south) of the map's centre before placing
    assert point.y < 49.4447


def test_address_search_places_the_point(page, live_server):
    survey = make_survey()
    page.goto(live_server.url + survey.get_absolute_url())
    page.wait_for_selector(".survey-map[data-loaded='true']")
    page.get_by_label("Adresse oder Ort suchen").fill("Stiftsplatz")
    page.get_by_role("button", name="Suchen").click()
    page.locator(".address-results button").first.click()
    page.wait_for_selector(".survey-map[data-points='1']")
    lon = float(page.locator("input[data-role=lon]").input_value())
    assert 7.75 < lon < 7.79


def test_results_by_stadtteil_after_the_survey_closes(page, live_server):
    survey = make_survey()
    survey.results_public = True
    survey.save()
    yes, where = survey.questions.order_by("order")
    innenstadt = Stadtteil.objects.get(number=1)
    for i in range(6):
        response_submit(
            survey=survey,
            token=f"browser-{i}",
            answers={
                str(yes.pk): yes.choices.first().pk,
                str(where.pk): {"type": "Point", "coordinates": list(innenstadt.label_point.coords)},
            },
        )
    page.goto(live_server.url + f"/umfragen/{survey.slug}/ergebnisse/")
    assert "nach dem Ende der Umfrage" in page.content()

    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now())
    page.goto(live_server.url + f"/umfragen/{survey.slug}/ergebnisse/")
    page.wait_for_selector("[data-choropleth][data-loaded='true']")
    page.wait_for_selector("[data-density][data-loaded='true']")
    assert page.locator("[data-choropleth] path.district-shape").count() == 18
    assert page.locator("[data-density] path.grid-cell").count() == 1
    first_table = page.locator(".district-table").first
    assert first_table.locator("tr[data-stadtteil='1'] td").first.inner_text() in {"6", "7", "8"}  # perturbed
    assert first_table.locator("tr[data-stadtteil='1'] td").nth(1).inner_text() == "100,0 %"
    assert first_table.locator("tr[data-stadtteil='2'] td").first.inner_text() == "< 6"  # nobody: withheld alike
    assert serious_violations(page) == []


def test_draw_an_area_by_clicking_three_corners(page, live_server):
    survey = SurveyFactory(title="Grünflächen", slug="gruenflaechen", access=Survey.Access.ANONYMOUS)
    QuestionFactory(survey=survey, order=1, kind=Question.Kind.AREA, text="Welche Fläche soll grüner werden?")
    page.goto(live_server.url + survey.get_absolute_url())
    page.wait_for_selector(".survey-map[data-loaded='true']")
    box = page.locator(".survey-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in [(-40, -30), (40, -30), (0, 40)]:
        page.mouse.click(cx + dx, cy + dy)
    page.wait_for_selector(".survey-map[data-points='3']")
    page.get_by_role("button", name="Letzten Punkt entfernen").click()
    page.wait_for_selector(".survey-map[data-points='2']")
    page.mouse.click(cx, cy + 40)
    page.get_by_role("button", name="Antworten absenden").click()
    page.wait_for_selector(".message")

    area = Answer.objects.get().geom
    assert area.geom_type == "Polygon"
    assert len(area.coords[0]) == 4  # three corners, closed
    assert serious_violations(page) == []


def test_a_place_outside_the_city_is_refused_at_the_question(page, live_server):
    survey = make_survey()
    page.goto(live_server.url + survey.get_absolute_url())
    page.wait_for_selector(".survey-map[data-loaded='true']")
    page.get_by_label("ja").check()
    # Hidden inputs hold the place; a manipulated or stale value must still be refused by the server.
    page.evaluate("""() => {
        document.querySelector("input[data-role=lon]").value = "7.60";
        document.querySelector("input[data-role=lat]").value = "49.44";
    }""")
    page.get_by_role("button", name="Antworten absenden").click()
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    question = page.locator("fieldset[data-kind='point']")
    assert "außerhalb von Kaiserslautern" in question.locator(".field-error").inner_text()
    assert not Response.objects.exists()
    assert serious_violations(page) == []


def test_a_point_outside_the_city_is_refused_before_sending(page, live_server):
    """The survey's point question is the map module's point picker: placed outside the city with the
    keyboard, it stops the form with no request, the message at the question and a summary with the focus."""
    survey = make_survey()
    page.goto(live_server.url + survey.get_absolute_url())
    page.wait_for_selector(".survey-map[data-loaded='true']")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    page.get_by_label("ja").check()
    page.focus(".survey-map")
    for key in ["-", "-", "-", "Shift+ArrowLeft", "Shift+ArrowLeft", "Enter"]:  # far west of the city
        page.keyboard.press(key)
    page.wait_for_selector(".map-status.error:has-text('außerhalb von Kaiserslautern')")
    page.get_by_role("button", name="Antworten absenden").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert sent == []
    assert page.evaluate("document.activeElement.id") == "error-summary"
    question = page.locator("fieldset[data-kind='point']")
    assert "außerhalb von Kaiserslautern" in question.locator(".field-error").inner_text()
    assert serious_violations(page) == []

    page.keyboard.press("Tab")  # the summary's link back to the map
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('survey-map')")
    for key in ["Shift+ArrowRight", "Shift+ArrowRight", "Enter"]:  # back to the middle
        page.keyboard.press(key)
    page.wait_for_selector(".map-status:not(.error):has-text('Stadtteil')")
    assert question.locator(".field-error").is_hidden()
    page.get_by_role("button", name="Antworten absenden").click()
    page.wait_for_selector(".message")
    assert len(sent) == 1
    assert Answer.objects.get(question__kind=Question.Kind.POINT).stadtteil is not None
