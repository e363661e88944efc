import fcntl
import hashlib
import tempfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.commands import flush
from pytest_django.fixtures import _get_databases_for_setup

from accounts.roles import Role
from geo.models import CityBoundary, Ortsbezirk, Place, Stadtteil
from pages.defaults import seed_legal_pages
from pages.models import LegalPage
from proposals.categories import ensure_default_categories
from proposals.models import Category
from surveys.rollups import usable_forget
from tests.factories import UserFactory

# Read-only in every test that commits: loaded once per test database and kept through the flushes.
REFERENCE_MODELS = (Ortsbezirk, Stadtteil, CityBoundary, Place)


def load_reference_data():
    call_command("load_districts", verbosity=0)
    call_command("load_gazetteer", verbosity=0)


def _template_fingerprint(create_db: bool) -> str:
    """What the template is built from: the project's code (migrations import SQL and functions from the apps),
    the installed apps' migrations (through requirements.txt), the reference data and this file, not the other
    tests. `--create-db` (make test) asks for a new one whatever it says."""
    root = Path(settings.BASE_DIR)
    apps = [d for d in root.iterdir() if (d / "__init__.py").exists() and d.name not in ("tests", "bench")]
    files = [*(f for d in apps for f in d.rglob("*.py")), *(root / "fixtures").rglob("*.*")]
    files += [root / "requirements.txt", Path(__file__)]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16] + (f"-{uuid.uuid4().hex[:8]}" if create_db else "")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist controller: one fingerprint for all workers of this run (with --create-db, unique to the run)."""
    config = node.config
    if not hasattr(config, "_klmw_template"):
        config._klmw_template = _template_fingerprint(bool(config.getvalue("create_db")))
    node.workerinput["klmw_template"] = config._klmw_template


def _clone_from_template(fingerprint: str, verbosity: int) -> list:
    """An xdist worker's test database as a copy of one migrated template with the reference data.

    The first worker to take the file lock builds `test_<NAME>_template` (migrations, then the districts and the
    gazetteer) and marks it with the run's fingerprint in its comment; every worker then copies it with
    CREATE DATABASE … TEMPLATE (a file copy, about a second) instead of migrating its own. A template whose
    comment matches is reused, also by the next run without --create-db."""
    from django.db import connections

    connection = connections["default"]
    settings_dict = connection.settings_dict
    original, worker_db = settings_dict["NAME"], settings_dict["TEST"]["NAME"]
    template = f"test_{original}_template"
    quote = connection.ops.quote_name
    with open(Path(tempfile.gettempdir()) / f"{template}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template]
            )
            row = cursor.fetchone()
        if not row or row[0] != fingerprint:
            settings_dict["TEST"]["NAME"] = template
            try:
                connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
                load_reference_data()
                with connection.cursor() as cursor:
                    cursor.execute(f"COMMENT ON DATABASE {quote(template)} IS %s", [fingerprint])
            finally:
                connection.close()
                settings_dict["NAME"], settings_dict["TEST"]["NAME"] = original, worker_db
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(worker_db)}")
            cursor.execute(f"CREATE DATABASE {quote(worker_db)} TEMPLATE {quote(template)}")
    settings_dict["NAME"] = worker_db
    connection.close()
    for alias in connections:  # read replicas in tests mirror the primary (settings.TEST MIRROR)
        mirror = connections[alias].settings_dict.get("TEST", {}).get("MIRROR")
        if mirror:
            connections[alias].creation.set_as_test_mirror(connections[mirror].settings_dict)
    return [(connection, original, True)]


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """The test database with the real Kaiserslautern districts and gazetteer, loaded once for the whole session.

    In one process (`-n 0`) as pytest-django makes it (migrated), then the reference data; in an xdist worker
    a copy of the run's template (_clone_from_template), so the migrations run once per run, not per worker."""
    from django.db import connections
    from django.test.utils import setup_databases

    verbosity = request.config.option.verbose
    fingerprint = getattr(request.config, "workerinput", {}).get("klmw_template")
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        if fingerprint:
            db_config = _clone_from_template(fingerprint, verbosity)
            for alias in serialized_aliases:  # for serialized_rollback, as setup_databases would
                connections[alias]._test_serialized_contents = connections[alias].creation.serialize_db_to_string()
        else:
            db_config = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=bool(request.config.getvalue("reuse_db") and not request.config.getvalue("create_db")),
            )
            load_reference_data()
    yield
    if not request.config.getvalue("reuse_db") or fingerprint:
        with django_db_blocker.unblock():
            _drop_test_databases(db_config)


def _drop_test_databases(db_config) -> None:
    """Django's teardown refuses to drop a database another session still holds (a server or thread a test
    started and left behind for a moment), which fails the run after every test passed: drop WITH (FORCE)."""
    for connection, old_name, destroy in db_config:
        if not destroy:
            continue
        test_name = connection.settings_dict["NAME"]
        connection.close()
        connection.settings_dict["NAME"] = old_name
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(test_name)} WITH (FORCE)")


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


# Signed-in people by role (UserFactory confirms their e-mail address, as allauth's verification would).
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


def ensure_migrated_data() -> None:
    """The rows that migrations create (role groups, idea categories, legal pages): a transactional test (live
    server, races) ends with a flush that empties their tables too."""
    if not Category.objects.exists():
        ensure_default_categories(Category)
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    if not LegalPage.objects.exists():
        seed_legal_pages(LegalPage)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached pages live in the cache (locmem in tests); each test starts and ends with
    none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def forget_which_seed_the_rollups_were_built_with():
    """surveys.rollups remembers per process whether the rollups were built under a seed; a test that rebuilds
    them under another seed rolls the database back, but not that memory (a later test of the same seed then
    read the rollups as usable)."""
    yield
    usable_forget()
