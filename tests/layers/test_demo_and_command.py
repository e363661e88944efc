import pytest
from django.core.management import CommandError, call_command
from shapely.geometry import Point

from layers.demo import seed
from layers.models import Feature, Layer, Project
from tests.factories import ProjectFactory
from tests.layers.files import LONLAT, UTM32, write


def test_demo_seed_is_idempotent_and_built_on_real_places(db):
    seed({})
    counts = (Project.objects.count(), Layer.objects.count(), Feature.objects.count())
    seed({})
    assert (Project.objects.count(), Layer.objects.count(), Feature.objects.count()) == counts
    assert Project.objects.filter(is_demo=True).count() == 3
    cycle = Project.objects.get(slug="demo-radverkehrsnetz")
    assert cycle.accepts_ideas()
    assert cycle.current_phase().kind == "beteiligung"
    assert cycle.phases.count() == 4  # phases are replaced, not duplicated
    routes = cycle.layers.get(name="Hauptrouten")
    assert routes.features.count() >= 3
    assert {f.geom.geom_type for f in routes.features.all()} == {"MultiLineString"}
    assert cycle.stadtteile.count() >= 3
    square = Project.objects.get(slug="demo-stiftsplatz")
    assert not square.accepts_ideas()
    assert [s.number for s in square.stadtteile.all()] == [1]  # the Stiftsplatz lies in Innenstadt-Ost
    playgrounds = Project.objects.get(slug="demo-spielplatzkonzept")
    assert playgrounds.layers.get().features.count() == 18
    assert playgrounds.stadtteile.count() == 18


def test_import_layer_command_with_progress(db, tmp_path, capsys):
    project = ProjectFactory(slug="plan")
    path = write(tmp_path / "b.gpkg", [Point(UTM32[0] + i, UTM32[1]) for i in range(3)], crs="EPSG:25832")
    call_command("import_layer", "plan", str(path), "--name", "Bänke", "--as-area")
    out, err = capsys.readouterr()
    assert "3 Objekte importiert" in out
    assert "3/3" in err
    feature = project.layers.get(name="Bänke").features.order_by("id").first()
    assert (round(feature.geom.x, 4), round(feature.geom.y, 4)) == LONLAT
    project.refresh_from_db()
    assert project.area.geom_type == "MultiPoint"
    assert project.stadtteile.count() == 1


def test_import_layer_command_errors(db, tmp_path):
    ProjectFactory(slug="plan")
    with pytest.raises(CommandError, match="Kein Vorhaben"):
        call_command("import_layer", "nein", str(tmp_path / "x.gpkg"))
    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("import_layer", "plan", str(tmp_path / "x.gpkg"))
    bad = tmp_path / "x.kml"
    bad.write_text("<!DOCTYPE x><kml/>")
    with pytest.raises(CommandError, match="DOCTYPE"):
        call_command("import_layer", "plan", str(bad))
