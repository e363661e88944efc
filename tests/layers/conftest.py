import pytest

from tests.factories import ProjectFactory


@pytest.fixture
def project(db):
    return ProjectFactory()


@pytest.fixture
def settings_small_limits(settings):
    settings.LAYERS_IMPORT_MAX_FEATURES = 5
    settings.LAYERS_IMPORT_MAX_BYTES = 200_000
    settings.LAYERS_IMPORT_MAX_UNPACKED_BYTES = 5_000_000
    return settings
