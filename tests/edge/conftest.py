import pytest

from tests.conftest import ensure_migrated_data


@pytest.fixture(autouse=True)
def _migrated_data(request):
    """Categories and staff groups, even after a transactional test elsewhere emptied the tables."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        ensure_migrated_data()
