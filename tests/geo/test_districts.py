import json
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from geo.models import CityBoundary, Ortsbezirk, Stadtteil
from geo.services import POPULATION_FILE, STADTTEILE_FILE, DistrictFileError, districts_load

pytestmark = pytest.mark.django_db

OUTER_ORTSBEZIRKE = {
    "Erzhütten/Wiesenthalerhof", "Einsiedlerhof", "Morlautern", "Erlenbach", "Mölschbach",
    "Dansenberg", "Hohenecken", "Siegelbach", "Erfenbach",
}  # fmt: skip


def test_the_18_stadtteile_and_10_ortsbezirke_are_loaded():
    assert sorted(Stadtteil.objects.values_list("number", flat=True)) == list(range(1, 19))
    assert Ortsbezirk.objects.count() == 10
    innenstadt = Ortsbezirk.objects.get(name="Innenstadt")
    assert not innenstadt.has_ortsbeirat
    assert sorted(innenstadt.stadtteile.values_list("number", flat=True)) == list(range(1, 10))
    outer = Ortsbezirk.objects.exclude(pk=innenstadt.pk)
    assert set(outer.values_list("name", flat=True)) == OUTER_ORTSBEZIRKE
    assert all(o.has_ortsbeirat and o.stadtteile.count() == 1 for o in outer)


def test_areas_are_measured_in_metres_and_add_up_to_the_city():
    total = sum(Stadtteil.objects.values_list("area_m2", flat=True))
    assert total == pytest.approx(140.435e6, rel=1e-3)
    assert CityBoundary.objects.get().area_m2 == pytest.approx(total, rel=1e-6)
    assert sum(Ortsbezirk.objects.values_list("area_m2", flat=True)) == pytest.approx(total, rel=1e-6)
    betzenberg = Stadtteil.objects.get(number=6)
    assert betzenberg.area_m2 == pytest.approx(30_139_185, rel=1e-4)  # the city's own figure


def test_population_is_loaded_per_stadtteil():
    assert sum(Stadtteil.objects.values_list("population", flat=True)) == 101_597
    assert Stadtteil.objects.get(number=14).population == 1170


def test_every_point_in_the_city_falls_in_exactly_one_stadtteil():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH p AS (
                SELECT (ST_Dump(ST_GeneratePoints(geom, 2000, 42))).geom AS pt FROM geo_cityboundary
            )
            SELECT count(*), count(*) FILTER (WHERE n <> 1) FROM (
                SELECT (SELECT count(*) FROM geo_stadtteil s WHERE ST_Intersects(s.geom, p.pt)) AS n FROM p
            ) counted
            """
        )
        total, not_exactly_one = cursor.fetchone()
    assert total == 2000
    assert not_exactly_one == 0


def test_loading_again_updates_in_place():
    before = dict(Stadtteil.objects.values_list("number", "pk"))
    call_command("load_districts", verbosity=0)
    assert dict(Stadtteil.objects.values_list("number", "pk")) == before
    assert Ortsbezirk.objects.count() == 10
    assert CityBoundary.objects.count() == 1


def _ogr2ogr(*args):
    subprocess.run(["ogr2ogr", *map(str, args)], check=True, capture_output=True)


def test_a_newer_city_file_in_utm32_with_other_field_names(tmp_path):
    """The city's 2026 file names its fields Bezirk/Nummer; planners' data comes in EPSG:25832."""
    newer = tmp_path / "stadtteile_25832.gpkg"
    _ogr2ogr(
        "-f", "GPKG", "-t_srs", "EPSG:25832", "-dialect", "SQLite",
        "-sql", "SELECT stadtteil_nr AS Nummer, name AS Bezirk, geometry FROM kl_stadtteile_18",
        newer, STADTTEILE_FILE,
    )  # fmt: skip
    Stadtteil.objects.filter(number=7).update(name="alt", population=1)

    districts_load(stadtteile_path=newer, population_path=POPULATION_FILE)

    lammchesberg = Stadtteil.objects.get(number=7)
    assert lammchesberg.name == "Lämmchesberg/Uniwohnstadt"
    assert lammchesberg.population == 10_559
    assert lammchesberg.area_m2 == pytest.approx(9_414_098, rel=1e-4)
    x, y = lammchesberg.geom.centroid.coords
    assert 7.6 < x < 7.9
    assert 49.3 < y < 49.5  # reprojected back to lon/lat, axis order kept


def _fixture_json():
    return json.loads(STADTTEILE_FILE.read_text(encoding="utf-8"))


def _write(tmp_path, data):
    path = tmp_path / "stadtteile.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_invalid_geometry_is_refused_naming_the_feature(tmp_path):
    data = _fixture_json()
    bowtie = [[7.80, 49.40], [7.82, 49.42], [7.82, 49.40], [7.80, 49.42], [7.80, 49.40]]
    data["features"][5]["geometry"] = {"type": "Polygon", "coordinates": [bowtie]}
    before = Stadtteil.objects.get(number=6).geom.wkt

    with pytest.raises(DistrictFileError, match=r"Objekt 6 \(Betzenberg\): ungültige Geometrie: Self-intersection"):
        districts_load(stadtteile_path=_write(tmp_path, data))
    assert Stadtteil.objects.get(number=6).geom.wkt == before


def test_a_file_in_the_wrong_crs_is_refused(tmp_path):
    data = _fixture_json()
    ring = data["features"][0]["geometry"]["coordinates"][0]
    data["features"][0]["geometry"]["coordinates"] = [[[x * 1000, y * 1000] for x, y in ring]]
    with pytest.raises(DistrictFileError, match=r"Objekt 1 .*Koordinatensystem"):
        districts_load(stadtteile_path=_write(tmp_path, data))


def test_a_file_without_all_18_stadtteile_is_refused_and_nothing_changes(tmp_path):
    data = _fixture_json()
    del data["features"][17]
    Stadtteil.objects.filter(number=1).update(population=1)
    with pytest.raises(DistrictFileError, match="Stadtteile 1–18"):
        districts_load(stadtteile_path=_write(tmp_path, data))
    assert Stadtteil.objects.get(number=1).population == 1


def test_the_command_reports_errors_in_words(tmp_path):
    with pytest.raises(CommandError, match="Datei nicht gefunden"):
        call_command("load_districts", file=tmp_path / "missing.geojson")
    garbage = tmp_path / "garbage.geojson"
    garbage.write_text("not a geo file")
    with pytest.raises(CommandError, match="keine lesbare Geodatei"):
        call_command("load_districts", file=garbage)
