import pytest

from proposals.models import Category
from tests.conftest import ensure_migrated_data


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
