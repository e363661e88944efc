import pytest

from geo import datasets
from geo.models import Stadtteil


@pytest.fixture
def staff_only_dataset():
    """A staff-only dataset (as survey map answers will be), registered for one test."""
    dataset = datasets.Dataset(
        name="intern",
        title="Interne Punkte",
        description="Nur für die Verwaltung.",
        model=Stadtteil,
        fields={"nummer": "number", "name": "name"},
        geometry="label_point",
        permission="accounts.view_staff_start",  # any staff role
    )
    datasets.register_dataset(dataset)
    yield dataset
    datasets._datasets.pop(dataset.name)


@pytest.fixture
def every_live_layer(reference_data):
    """At least one feature in every public live layer: ideas (one submitted at 23:30 in Berlin, which is the
    previous day in UTC), project areas of all three kinds, project layer features of all three kinds (open for
    feedback, one with an entry)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.contrib.gis.geos import LineString, Point, Polygon

    from feedback.models import Feedback
    from proposals.categories import ensure_default_categories
    from proposals.models import Category
    from tests.factories import FeatureFactory, IdeaFactory, LayerFactory, ProjectFactory

    ensure_default_categories(Category)  # transactional tests empty the tables the migrations filled

    late = datetime(2026, 6, 1, 23, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    idea = IdeaFactory(title="Späte Idee", created_at=late, published_at=late)
    IdeaFactory()
    line = LineString((7.76, 49.44), (7.77, 49.45), srid=4326)
    area = Polygon.from_bbox((7.76, 49.44, 7.77, 49.45))
    area.srid = 4326
    project = ProjectFactory(title="Neugestaltung Stiftsplatz", area=area, topic="stadtplanung")
    ProjectFactory(area=Point(7.75, 49.43, srid=4326), topic="freizeit")
    ProjectFactory(area=line, topic="verkehr")
    layer = LayerFactory(project=project, name="Bänke", feedback_open=True)
    bench = FeatureFactory(layer=layer, attributes={"strasse": "Stiftsplatz", "anzahl": 3, "neu": True})
    FeatureFactory(layer=layer, geom=line)
    FeatureFactory(layer=layer, geom=area)
    Feedback.objects.create(
        feature=bench, layer=layer, project=project, author=idea.author, opinion="dafuer", text="Gute Bank.",
        location=bench.geom, visibility=Feedback.Visibility.PUBLISHED,
    )  # fmt: skip
    return {"late_idea": idea}
