from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.gis.geos import LineString
from django.utils import timezone

from layers.models import Phase, Project
from tests.conftest import ensure_migrated_data
from tests.factories import FeatureFactory, LayerFactory, PhaseFactory, ProjectFactory, UserFactory

# A planned cycle lane of about 370 m in the Innenstadt (Stadtteil 2, Innenstadt-Südwest), in WGS84.
LANE = LineString((7.7650, 49.4435), (7.7700, 49.4440), srid=4326)


def verified(user):
    """UserFactory confirms the address already; kept explicit where a test is about it."""
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


@pytest.fixture(autouse=True)
def _groups(db, settings):
    """`db` by name, not through getfixturevalue: pytest-django sets up the test database only for tests
    that name it (or `transactional_db`, which wins where both are named); otherwise the queries reach the
    development database."""
    # Hashing a test user's password the production way takes a second on a shared machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ensure_migrated_data()


@pytest.fixture
def unverified():
    return UserFactory(verified=False)


def participation(project: Project, *, start: int = -10, end: int = 30) -> Project:
    today = timezone.localdate()
    PhaseFactory(project=project, kind=Phase.Kind.INFORMATION, starts_on=today - timedelta(days=60),
                 ends_on=today + timedelta(days=start - 1))  # fmt: skip
    PhaseFactory(project=project, kind=Phase.Kind.BETEILIGUNG, starts_on=today + timedelta(days=start),
                 ends_on=today + timedelta(days=end))  # fmt: skip
    PhaseFactory(project=project, kind=Phase.Kind.AUSWERTUNG, starts_on=today + timedelta(days=end + 1))
    return project


@pytest.fixture
def project():
    return participation(ProjectFactory(moderation=Project.Moderation.POST, slug="radnetz-test"))


@pytest.fixture
def layer(project):
    return LayerFactory(project=project, name="Radfahrstreifen", feedback_open=True)


@pytest.fixture
def lane(layer):
    return FeatureFactory(layer=layer, geom=LANE.clone(), attributes={"strasse": "Teststraße", "breite_m": 1.85})
