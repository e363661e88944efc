import pytest
from django.core.cache import cache

from accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def citizen(db):
    return UserFactory()


@pytest.fixture
def moderator(db):
    return UserFactory(roles=[Role.MODERATOR])


@pytest.fixture
def planner(db):
    return UserFactory(roles=[Role.PLANNER])


@pytest.fixture
def city_admin(db):
    return UserFactory(roles=[Role.ADMIN])


@pytest.fixture
def category(db):
    from proposals.models import Category

    return Category.objects.get(slug="gruen")
