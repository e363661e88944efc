import pytest
from django.core.management import call_command

from geo.models import Stadtteil


def load_reference_data():
    call_command("load_districts", verbosity=0)
    call_command("load_gazetteer", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real Kaiserslautern districts and gazetteer, loaded once for the whole session."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(transactional_db):
    """For tests that commit (live server): transactional tests empty the tables after each test."""
    if not Stadtteil.objects.exists():
        load_reference_data()


@pytest.fixture
def stadtteile(db):
    return {s.number: s for s in Stadtteil.objects.select_related("ortsbezirk")}
