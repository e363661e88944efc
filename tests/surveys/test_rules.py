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


def grid(expected: dict[str, str]) -> list:
    """Expand {"perm": "phase:roles..."}-style tables into parameter rows."""
    return [
        pytest.param(phase, role, allowed, id=f"{phase}-{role}")
        for phase, row in expected.items()
        for role, allowed in zip(ROLES, row, strict=True)
    ]


@pytest.mark.parametrize(
    ("phase", "role", "allowed"),
    grid({"upcoming": [0, 0, 1, 1, 1], "open": [1, 1, 1, 1, 1], "closed": [1, 1, 1, 1, 1]}),
)
def test_read_survey(phase, role, allowed):
    survey = SurveyFactory(**PHASES[phase](timezone.now()))
    assert make_user(role).has_perm("surveys.read_survey", survey) is bool(allowed)


@pytest.mark.parametrize(
    ("phase", "role", "allowed"),
    grid({"upcoming": [0, 0, 0, 0, 0], "open": [0, 1, 1, 1, 1], "closed": [0, 0, 0, 0, 0]}),
)
def test_answer_registered_only_survey(phase, role, allowed):
    survey = SurveyFactory(**PHASES[phase](timezone.now()))
    assert make_user(role).has_perm("surveys.answer_survey", survey) is bool(allowed)


@pytest.mark.parametrize(
    ("phase", "role", "allowed"),
    grid({"upcoming": [0, 0, 0, 0, 0], "open": [1, 1, 1, 1, 1], "closed": [0, 0, 0, 0, 0]}),
)
def test_answer_anonymous_survey(phase, role, allowed):
    survey = SurveyFactory(access=Survey.Access.ANONYMOUS, **PHASES[phase](timezone.now()))
    assert make_user(role).has_perm("surveys.answer_survey", survey) is bool(allowed)


@pytest.mark.parametrize(
    ("phase", "role", "allowed"),
    grid({"upcoming": [0, 0, 1, 1, 1], "open": [0, 0, 1, 1, 1], "closed": [1, 1, 1, 1, 1]}),
)
def test_view_public_results(phase, role, allowed):
    survey = SurveyFactory(results_public=True, **PHASES[phase](timezone.now()))
    assert make_user(role).has_perm("surveys.view_results", survey) is bool(allowed)


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
