"""Every permission for every role, in every phase of a survey (before, while and after it is open)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.roles import Role
from surveys.models import Survey
from tests.factories import SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = timezone.timedelta(days=1)
PHASES = {
    "upcoming": lambda now: {"opens_at": now + DAY, "closes_at": now + 2 * DAY},
    "open": lambda now: {"opens_at": now - DAY, "closes_at": now + DAY},
    "closed": lambda now: {"opens_at": now - 2 * DAY, "closes_at": now - DAY},
}
ROLES = ["anonymous", "citizen", Role.MODERATOR, Role.PLANNER, Role.ADMIN]


def make_user(role):
    if role == "anonymous":
        return AnonymousUser()
    return UserFactory(roles=[] if role == "citizen" else [role])


# Each rule asked about a survey, then who may in each phase, in the order of ROLES.
TABLE = {
    "read": ("surveys.read_survey", {}, {"upcoming": "00111", "open": "11111", "closed": "11111"}),
    "answer-registered-only": ("surveys.answer_survey", {}, {"upcoming": "00000", "open": "01111", "closed": "00000"}),
    "answer-anonymous": (
        "surveys.answer_survey",
        {"access": Survey.Access.ANONYMOUS},
        {"upcoming": "00000", "open": "11111", "closed": "00000"},
    ),
    "view-public-results": (
        "surveys.view_results",
        {"results_public": True},
        {"upcoming": "00111", "open": "00111", "closed": "11111"},
    ),
}


@pytest.mark.parametrize(
    ("perm", "fields", "phase", "role", "allowed"),
    [
        pytest.param(perm, fields, phase, role, allowed == "1", id=f"{name}-{phase}-{role}")
        for name, (perm, fields, phases) in TABLE.items()
        for phase, row in phases.items()
        for role, allowed in zip(ROLES, row, strict=True)
    ],
)
def test_rule_per_phase_and_role(perm, fields, phase, role, allowed):
    survey = SurveyFactory(**fields, **PHASES[phase](timezone.now()))
    assert make_user(role).has_perm(perm, survey) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_results_are_for_staff_only(role):
    survey = SurveyFactory(results_public=False, **PHASES["closed"](timezone.now()))
    assert make_user(role).has_perm("surveys.view_results", survey) is (role not in {"anonymous", "citizen"})


@pytest.mark.parametrize(
    ("role", "texts", "exact", "build"),
    [
        ("anonymous", False, False, False),
        ("citizen", False, False, False),
        (Role.MODERATOR, True, False, False),
        (Role.PLANNER, True, True, True),
        (Role.ADMIN, True, True, True),
    ],
)
def test_staff_permissions(role, texts, exact, build):
    survey = SurveyFactory()
    user = make_user(role)
    assert user.has_perm("surveys.view_free_texts", survey) is texts
    assert user.has_perm("surveys.view_exact_answers", survey) is exact
    assert user.has_perm("surveys.add_survey") is build
    assert user.has_perm("surveys.change_question") is build
    assert user.has_perm("surveys.view_response") is build
    assert user.has_perm("surveys.delete_response") is (role == Role.ADMIN)
