import pytest
from django.core.management import call_command
from django.core.management.commands import flush

from geo.models import CityBoundary, Ortsbezirk, Place, Stadtteil

# Read-only in every test that commits: loaded once per test database and kept through the flushes.
REFERENCE_MODELS = (Ortsbezirk, Stadtteil, CityBoundary, Place)


def load_reference_data():
    call_command("load_districts", verbosity=0)
    call_command("load_gazetteer", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real Kaiserslautern districts and gazetteer, loaded once for the whole session."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture(scope="session", autouse=True)
def keep_reference_data_through_flushes():
    """A transactional test ends with a flush that empties every table; reloading the districts and the
    gazetteer after each cost seconds, so the flush leaves their tables alone (nothing else references
    them from the kept side, so TRUNCATE of the rest needs no CASCADE)."""
    keep = {model._meta.db_table for model in REFERENCE_MODELS}

    def sql_flush(style, connection, reset_sequences=True, allow_cascade=False):
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        tables = [table for table in tables if table not in keep]
        return connection.ops.sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flush, "sql_flush", sql_flush)
        yield


@pytest.fixture
def reference_data(transactional_db):
    """For tests that commit (live server): the data is kept through flushes; reloaded only if a test removed it."""
    if Stadtteil.objects.count() != 18 or not Place.objects.exists():
        load_reference_data()


@pytest.fixture
def stadtteile(db):
    return {s.number: s for s in Stadtteil.objects.select_related("ortsbezirk")}


# Rough cost of a test by what it starts; under xdist (`--dist load`: each worker takes the next test in this
# order) the long ones start first and the short ones fill the gaps at the end.
def _cost(item: pytest.Item) -> int:
    fixtures = set(getattr(item, "fixturenames", ()))
    if "browser" in fixtures or "page" in fixtures:
        return 3
    if "live_server" in fixtures or "gunicorn" in fixtures:
        return 2
    return 1 if "transactional_db" in fixtures else 0


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Costly tests first. pytest-django sorts after this, stably, into its groups (rolled-back tests before
    those that commit, whose flush would empty the rows of data migrations), so the order holds within each."""
    items.sort(key=lambda item: -_cost(item))
