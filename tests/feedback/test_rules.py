"""Every feedback permission for every role, and giving feedback in every phase with the clock frozen."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from feedback.models import Feedback
from layers.models import Phase
from tests.factories import FeatureFactory, LayerFactory, PhaseFactory, ProjectFactory, UserFactory
from tests.feedback.conftest import verified

ROLES = ["anonymous", "unverified", "citizen", "author", "moderator", "planner", "admin"]
TAKING_PART = {"citizen", "author", "moderator", "planner", "admin"}

# perm -> roles that have it, for (a published entry, an entry waiting for moderation)
EXPECTED = {
    "feedback.view_feedback": (set(ROLES), {"author", "moderator", "planner", "admin"}),
    "feedback.report_feedback": (TAKING_PART, set()),
    "feedback.moderate_feedback": ({"moderator", "admin"},) * 2,
    "feedback.weigh_feedback": ({"planner", "admin"},) * 2,
    "feedback.release_decisions": ({"planner", "admin"},) * 2,
    "feedback.view_review": ({"moderator", "planner", "admin"},) * 2,
}


def user_for(role: str, feedback: Feedback | None = None):
    return {
        "anonymous": AnonymousUser,
        "unverified": lambda: UserFactory(verified=False),
        "citizen": lambda: verified(UserFactory()),
        "author": lambda: feedback.author if feedback else verified(UserFactory()),
        "moderator": lambda: verified(UserFactory(roles=[Role.MODERATOR])),
        "planner": lambda: verified(UserFactory(roles=[Role.PLANNER])),
        "admin": lambda: verified(UserFactory(roles=[Role.ADMIN])),
    }[role]()


def entry(visibility: str) -> Feedback:
    feature = FeatureFactory()
    return Feedback.objects.create(
        feature=feature, layer=feature.layer, project=feature.layer.project, author=verified(UserFactory()),
        opinion="neutral", text="Bitte prüfen.", location=feature.geom, visibility=visibility,
    )  # fmt: skip


@pytest.mark.parametrize("visibility", [Feedback.Visibility.PUBLISHED, Feedback.Visibility.PENDING])
def test_permission(visibility):
    """One user per role (password hashing is slow), every permission checked for each."""
    feedback = entry(visibility)
    users = {role: user_for(role, feedback) for role in ROLES}
    wrong = [
        (perm, role)
        for perm, expected in EXPECTED.items()
        for role, user in users.items()
        if user.has_perm(perm, feedback) is not (role in expected[0 if feedback.is_public else 1])
    ]
    assert wrong == []


BERLIN = ZoneInfo("Europe/Berlin")
# Information until 9 March, Beteiligung 10 March to 30 April 2026, Auswertung from 1 May.
PHASES = [
    (Phase.Kind.INFORMATION, date(2026, 2, 1), date(2026, 3, 9)),
    (Phase.Kind.BETEILIGUNG, date(2026, 3, 10), date(2026, 4, 30)),
    (Phase.Kind.AUSWERTUNG, date(2026, 5, 1), None),
]


@pytest.fixture
def planned_feature():
    project = ProjectFactory()
    for kind, start, end in PHASES:
        PhaseFactory(project=project, kind=kind, starts_on=start, ends_on=end)
    return FeatureFactory(layer=LayerFactory(project=project, feedback_open=True))


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (datetime(2026, 3, 9, 23, 59, tzinfo=BERLIN), False),  # the last minute of the information phase
        (datetime(2026, 3, 10, 0, 1, tzinfo=BERLIN), True),
        (datetime(2026, 4, 30, 23, 59, tzinfo=BERLIN), True),
        (datetime(2026, 5, 1, 0, 1, tzinfo=BERLIN), False),  # Auswertung: the planners weigh now
    ],
)
def test_add_feedback_per_role_and_phase(planned_feature, moment, open_):
    users = {role: user_for(role) for role in ROLES}
    with time_machine.travel(moment, tick=False):
        allowed = {role for role, user in users.items() if user.has_perm("feedback.add_feedback", planned_feature)}
    assert allowed == (TAKING_PART if open_ else set())


def test_a_layer_closed_for_feedback_takes_none_even_in_the_phase(planned_feature):
    planned_feature.layer.feedback_open = False
    user = verified(UserFactory())
    with time_machine.travel(datetime(2026, 4, 1, 12, tzinfo=BERLIN), tick=False):
        assert not user.has_perm("feedback.add_feedback", planned_feature)
        planned_feature.layer.feedback_open = True
        assert user.has_perm("feedback.add_feedback", planned_feature)


def test_no_phase_means_closed():
    feature = FeatureFactory(layer=LayerFactory(feedback_open=True))
    assert not verified(UserFactory()).has_perm("feedback.add_feedback", feature)
    assert feature.layer.project.phases.count() == 0
