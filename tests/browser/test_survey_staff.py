from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import Role
from surveys.models import Question, Survey
from tests.browser.conftest import serious_violations, sign_in
from tests.factories import UserFactory


def _login_planner(page, live_server) -> None:
    # Transactional tests flush the tables, including the role groups that a migration created.
    Group.objects.get_or_create(name=Role.PLANNER.value)
    sign_in(page.context, live_server, UserFactory(roles=[Role.PLANNER]))


def test_build_a_small_survey_through_the_staff_pages(page, live_server):
    _login_planner(page, live_server)
    page.goto(live_server.url + "/umfragen/")
    page.get_by_role("link", name="Umfragen verwalten").click()
    page.get_by_role("link", name="Neue Umfrage anlegen").click()
    assert serious_violations(page) == []

    now = timezone.localtime()
    page.get_by_label("Titel").fill("Sicher unterwegs")
    page.get_by_label("Slug").fill("sicher-unterwegs")
    page.get_by_label("offen ab").fill(now.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("offen bis").fill((now - timezone.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Umfrage anlegen").click()
    assert "Das Ende muss nach dem Beginn liegen." in page.locator("#feld-closes_at").inner_text()
    assert serious_violations(page) == []

    page.get_by_label("offen bis").fill((now + timezone.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Umfrage anlegen").click()
    page.get_by_role("link", name="Frage hinzufügen").click()
    page.get_by_label("Art").select_option("single")
    page.get_by_label("Frage *", exact=True).fill("Meiden Sie Orte in der Stadt?")
    page.get_by_label("Antwortmöglichkeiten").fill("ja\nnein")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Frage speichern").click()

    page.get_by_role("link", name="Frage hinzufügen").click()
    page.get_by_label("Art").select_option("point")
    page.get_by_label("Frage *", exact=True).fill("Wo fühlen Sie sich unsicher?")
    page.get_by_label("nur zeigen, wenn gewählt").select_option(label="Meiden Sie Orte in der Stadt? → ja")
    page.get_by_role("button", name="Frage speichern").click()
    page.wait_for_selector("text=Die Frage wurde gespeichert.")
    assert serious_violations(page) == []

    survey = Survey.objects.get(slug="sicher-unterwegs")
    single, point = survey.questions.all()
    assert single.kind == Question.Kind.SINGLE
    assert point.kind == Question.Kind.POINT
    assert point.show_if_choice.text == "ja"

    page.set_viewport_size({"width": 375, "height": 800})
    page.locator(f"#frage-{point.pk}").get_by_role("button", name="Nach oben").click()
    assert "muss nach deren Frage kommen" in page.locator(".messages").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
