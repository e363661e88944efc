"""Agencies: invited per step by e-mail with a personal signed link; they submit without an account during the
period; a reminder before the deadline; their statements are marked as agency statements."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from bauleitplanung.models import Agency, Statement, Step
from bauleitplanung.services.agencies import agency_create, invitations_send
from bauleitplanung.tasks import agency_reminders_send
from tests.bauleitplanung.conftest import make_step

TEXT = "Die Belange des Denkmalschutzes sind berührt: bitte die Fassade der Nähmaschinenfabrik erhalten."


@pytest.fixture
def agency(planner):
    return agency_create(actor=planner, name="Generaldirektion Kulturelles Erbe", email="gdke@example.org",
                         concern="Denkmalschutz")  # fmt: skip


def invite(step, planner, agency, mailoutbox, capture) -> str:
    with capture(execute=True):
        invitations_send(step=step, actor=planner, agencies=[agency])
    assert mailoutbox[-1].to == ["gdke@example.org"]
    return re.search(r"http\S+/beteiligung/behoerde/\S+/", mailoutbox[-1].body).group(0)


def test_agency_submits_through_its_link(client, procedure, planner, agency, mailoutbox,
                                         django_capture_on_commit_callbacks):  # fmt: skip
    step = make_step(procedure, Step.Kind.BEHOERDEN, start=-3, end=30)
    link = invite(step, planner, agency, mailoutbox, django_capture_on_commit_callbacks)
    path = link[link.index("/beteiligung/") :]
    assert "Generaldirektion Kulturelles Erbe" in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"text": TEXT})
    assert response.status_code == 200
    statement = Statement.objects.get()
    assert statement.channel == Statement.Channel.AGENCY
    assert statement.name == "Generaldirektion Kulturelles Erbe"
    assert mailoutbox[-1].to == ["gdke@example.org"]  # the receipt
    assert TEXT in mailoutbox[-1].body
    assert step.invitations.get().answered_at is not None
    # A forged or altered link opens nothing.
    assert client.get(path[:-3] + "xx/").status_code == 404
    assert client.get(reverse("bauleitplanung:agency", args=["kaputt"])).status_code == 404


def test_link_refuses_after_the_period(client, procedure, planner, agency, mailoutbox,
                                       django_capture_on_commit_callbacks):  # fmt: skip
    step = make_step(procedure, Step.Kind.BEHOERDEN, start=-3, end=2)
    link = invite(step, planner, agency, mailoutbox, django_capture_on_commit_callbacks)
    path = link[link.index("/beteiligung/") :]
    with time_machine.travel(step.closes_at + timedelta(seconds=1)):
        response = client.post(path, {"text": TEXT})
    assert response.status_code == 400
    assert step.ends_on.strftime("%d.%m.%Y") in response.content.decode()
    assert not Statement.objects.exists()


def test_reminder_once_before_the_deadline(procedure, planner, agency, mailoutbox,
                                           django_capture_on_commit_callbacks):  # fmt: skip
    soon = make_step(procedure, Step.Kind.BEHOERDEN, start=-20, end=3)
    later = make_step(procedure, Step.Kind.FRUEH_BEHOERDEN, start=-2, end=40)
    other = Agency.objects.create(name="Landesbetrieb Mobilität", email="lbm@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(step=soon, actor=planner, agencies=[agency])
        invitations_send(step=later, actor=planner, agencies=[other])
    mailoutbox.clear()
    assert agency_reminders_send.delay().get() == 1
    assert [m.to for m in mailoutbox] == [["gdke@example.org"]]
    assert "Erinnerung" in mailoutbox[0].subject
    assert agency_reminders_send.delay().get() == 0


def test_only_planners_manage_agencies(client, citizen, moderator, planner, procedure):
    for user in (citizen, moderator):
        with pytest.raises(PermissionDenied):
            agency_create(actor=user, name="X", email="x@example.org")
        client.force_login(user)
        assert client.get(reverse("bauleitplanung:agencies", args=[procedure.project.slug])).status_code == 403
    client.force_login(planner)
    page = client.get(reverse("bauleitplanung:agencies", args=[procedure.project.slug]))
    assert page.status_code == 200


@pytest.mark.parametrize("step", ["abc", "٣", "9" * 12])
def test_a_step_that_is_no_id_of_this_procedure_is_a_404_not_a_500(client, planner, procedure, agency, step):
    client.force_login(planner)
    path = reverse("bauleitplanung:agencies", args=[procedure.project.slug])
    assert client.post(path, {"action": "invite", "step": step, "agency": [agency.pk]}).status_code == 404
