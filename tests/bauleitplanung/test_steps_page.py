"""Staff enter and change the steps and their Bekanntmachung on their own page (rule run_procedure): the legal
minimum of a Veröffentlichung and the order of the dates come back as form errors that name the rule."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from bauleitplanung.models import PlanVersion, Step

pytestmark = pytest.mark.django_db


def _post(client, procedure, data, step=None):
    url = reverse("bauleitplanung:steps", args=[procedure.project.slug])
    if step is not None:
        url += f"?schritt={step.pk}"
    return client.post(url, data)


def _data(**extra):
    return {"kind": Step.Kind.VEROEFFENTLICHUNG, "starts_on": "2026-05-04", "ends_on": "2026-06-03",
            "notice_date": "2026-04-24", "notice_text": "Der Entwurf liegt im Internet aus.", **extra}  # fmt: skip


def test_only_those_who_run_procedures(client, procedure, citizen, moderator, planner, city_admin):
    url = reverse("bauleitplanung:steps", args=[procedure.project.slug])
    assert client.get(url).status_code in (302, 403)
    for user in (citizen, moderator):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert _post(client, procedure, _data()).status_code == 403
    assert not procedure.steps.exists()
    for user in (planner, city_admin):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_planner_adds_a_step_with_its_notice(client, procedure, planner):
    version = PlanVersion.objects.create(procedure=procedure, number=1)
    client.force_login(planner)
    response = _post(client, procedure, _data(plan_version=version.pk))
    assert response.status_code == 302
    step = procedure.steps.get()
    assert (step.starts_on, step.ends_on, step.notice_date) == (date(2026, 5, 4), date(2026, 6, 3), date(2026, 4, 24))
    assert step.notice_text == "Der Entwurf liegt im Internet aus."
    assert step.plan_version == version
    page = client.get(procedure.project.get_absolute_url()).content.decode()
    assert "04.05.2026 bis 03.06.2026" in page
    assert "24.04.2026" in page


def test_thirty_day_rule_is_a_form_error_naming_the_rule(client, procedure, planner):
    client.force_login(planner)
    response = _post(client, procedure, _data(ends_on="2026-06-02"))  # 30 days, one month would be 03.06.
    assert response.status_code == 400
    page = response.content.decode()
    assert "§ 3 Abs. 2 BauGB" in page
    assert "frühestens am 03.06.2026" in page
    assert 'id="id_ends_on_error"' in page  # at the field
    assert not procedure.steps.exists()
    # Other steps have no legal minimum.
    assert (
        _post(client, procedure, _data(kind=Step.Kind.FRUEH_OEFFENTLICHKEIT, ends_on="2026-05-10")).status_code == 302
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends_on": "2026-05-01"}, "ends_on", "Das Ende darf nicht vor dem Beginn liegen."),
        ({"notice_date": "2026-05-05"}, "notice_date", "Die Bekanntmachung muss vor dem Beginn"),
        ({"starts_on": "kein Datum"}, "starts_on", "Bitte ein gültiges Datum eingeben."),
        ({"kind": "p9_9"}, "kind", "Bitte eine gültige Auswahl treffen."),
    ],
)
def test_period_errors_at_their_fields(client, procedure, planner, change, field, message):
    client.force_login(planner)
    response = _post(client, procedure, _data(**change))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert message in page
    assert not procedure.steps.exists()


def test_planner_changes_a_step_under_the_same_rules(client, procedure, planner, open_step):
    client.force_login(planner)
    page = client.get(reverse("bauleitplanung:steps", args=[procedure.project.slug]) + f"?schritt={open_step.pk}")
    assert page.status_code == 200
    assert open_step.starts_on.isoformat() in page.content.decode()  # the form shows the step's values
    start = open_step.starts_on
    short = _data(starts_on=start.isoformat(), ends_on=(start + timedelta(days=20)).isoformat(), notice_date="")
    assert _post(client, procedure, short, open_step).status_code == 400
    open_step.refresh_from_db()
    assert open_step.ends_on == start + timedelta(days=35)  # unchanged
    longer = _data(starts_on=start.isoformat(), ends_on=(start + timedelta(days=60)).isoformat(), notice_date="",
                   notice_text="Verlängert bis zum Ende der Sommerferien.")  # fmt: skip
    assert _post(client, procedure, longer, open_step).status_code == 302
    open_step.refresh_from_db()
    assert open_step.ends_on == start + timedelta(days=60)
    assert open_step.notice_text == "Verlängert bis zum Ende der Sommerferien."
    assert procedure.steps.count() == 1
