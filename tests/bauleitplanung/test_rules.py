"""Every procedure permission for every role; submitting only while a public step runs (clock frozen)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from bauleitplanung.models import Step
from tests.factories import UserFactory

ROLES = ["anonymous", "citizen", "moderator", "planner", "admin"]
STAFF = {"planner", "admin"}
EXPECTED = {
    "bauleitplanung.view_procedure": set(ROLES),
    "bauleitplanung.run_procedure": STAFF,
    "bauleitplanung.import_plan": STAFF,
    "bauleitplanung.record_statement": STAFF,
    "bauleitplanung.view_statements": STAFF,
    "bauleitplanung.weigh_statements": STAFF,
    "bauleitplanung.manage_agencies": STAFF,
    "bauleitplanung.publish_decision": STAFF,
}


def users():
    return {
        "anonymous": AnonymousUser(),
        "citizen": UserFactory(),
        "moderator": UserFactory(roles=[Role.MODERATOR]),
        "planner": UserFactory(roles=[Role.PLANNER]),
        "admin": UserFactory(roles=[Role.ADMIN]),
    }


def test_permissions_per_role(procedure):
    everyone = users()
    wrong = [
        (perm, role)
        for perm, allowed in EXPECTED.items()
        for role, user in everyone.items()
        if user.has_perm(perm, procedure) is not (role in allowed)
    ]
    assert wrong == []


BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("kind", "moment", "allowed"),
    [
        (Step.Kind.VEROEFFENTLICHUNG, datetime(2026, 4, 30, 23, 59, 59, tzinfo=BERLIN), False),
        (Step.Kind.VEROEFFENTLICHUNG, datetime(2026, 5, 1, 0, 0, 0, tzinfo=BERLIN), True),
        (Step.Kind.VEROEFFENTLICHUNG, datetime(2026, 6, 1, 23, 59, 59, tzinfo=BERLIN), True),
        (Step.Kind.VEROEFFENTLICHUNG, datetime(2026, 6, 2, 0, 0, 0, tzinfo=BERLIN), False),
        (Step.Kind.FRUEH_OEFFENTLICHKEIT, datetime(2026, 5, 10, 12, tzinfo=BERLIN), True),
        (Step.Kind.ERNEUT, datetime(2026, 5, 10, 12, tzinfo=BERLIN), True),
        (Step.Kind.BEHOERDEN, datetime(2026, 5, 10, 12, tzinfo=BERLIN), False),
        (Step.Kind.FRUEH_BEHOERDEN, datetime(2026, 5, 10, 12, tzinfo=BERLIN), False),
    ],
)
def test_submit_only_in_a_running_public_step(procedure, kind, moment, allowed):
    step = Step.objects.create(procedure=procedure, kind=kind, starts_on=date(2026, 5, 1), ends_on=date(2026, 6, 1))
    everyone = users()
    with time_machine.travel(moment, tick=False):
        got = {role for role, user in everyone.items() if user.has_perm("bauleitplanung.submit_statement", step)}
    assert got == (set(ROLES) if allowed else set())
