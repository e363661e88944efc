import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role
from pages.defaults import seed_legal_pages
from pages.models import LegalPage
from proposals.categories import ensure_default_categories
from proposals.models import Category


def ensure_migrated_data() -> None:
    """Transactional tests (live server) empty every table, the rows that migrations create included."""
    if not Category.objects.exists():
        ensure_default_categories(Category)
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    if not LegalPage.objects.exists():
        seed_legal_pages(LegalPage)


@pytest.fixture(autouse=True)
def _migrated_data(request):
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    ensure_migrated_data()


@pytest.fixture
def category(db):
    return Category.objects.get(slug="gruen")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Idea photos go to a temporary private storage, not the project's private-media/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": tmp_path / "private-media"}},
    }
