from datetime import timedelta

import pytest
from django.contrib.gis.geos import Polygon
from django.utils import timezone

from bauleitplanung.models import Procedure, Step
from tests.conftest import ensure_migrated_data
from tests.factories import ProjectFactory

# A block in the Innenstadt of Kaiserslautern (around the Stiftsplatz), about 300 x 200 m, in WGS84.
AREA = Polygon.from_bbox((7.7660, 49.4425, 7.7700, 49.4445))
AREA.srid = 4326


@pytest.fixture(autouse=True)
def _groups(db):
    ensure_migrated_data()


@pytest.fixture
def project():
    return ProjectFactory(slug="bplan-stiftsplatz", title="Bebauungsplan Stiftsplatz", area=AREA.clone())


@pytest.fixture
def procedure(project):
    return Procedure.objects.create(project=project)


def make_step(procedure, kind=Step.Kind.VEROEFFENTLICHUNG, *, start=-5, end=30) -> Step:
    today = timezone.localdate()
    return Step.objects.create(procedure=procedure, kind=kind, starts_on=today + timedelta(days=start),
                               ends_on=today + timedelta(days=end))  # fmt: skip


@pytest.fixture
def open_step(procedure):
    return make_step(procedure)
