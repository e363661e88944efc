import base64
import csv
import io
import zipfile

import pyogrio
import pytest
from django.contrib.gis.geos import LineString, Point, Polygon
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import Role
from geo.exports import shapefile_field_names
from tests.factories import FeatureFactory, UserFactory, api_key

pytestmark = pytest.mark.django_db

FORMATS = ["gpkg", "shp", "geojson", "fgb", "kml", "csv"]


def _export(client, tmp_path, fmt, **params):
    response = client.get(reverse("api:export", kwargs={"dataset": "stadtteile", "fmt": fmt}), params)
    assert response.status_code == 200, response.content[:300]
    name = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    path = tmp_path / name
    path.write_bytes(b"".join(response.streaming_content))
    return path


def _read(path):
    if str(path).endswith(".csv"):  # read as Excel would: semicolons, UTF-8 with BOM
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
        return rows, None
    meta, _fids, _geometry, values = pyogrio.raw.read(path)
    rows = [dict(zip(meta["fields"], row, strict=True)) for row in zip(*values, strict=True)]
    return rows, meta


# KML exists in WGS84 only; asking for it in 25832 is a 400 (below).
@pytest.mark.parametrize(
    ("fmt", "crs"), [(fmt, crs) for fmt in FORMATS for crs in (4326, 25832) if not (fmt == "kml" and crs == 25832)]
)
def test_every_format_reads_back_with_umlauts_and_positions(client, tmp_path, fmt, crs):
    path = _export(client, tmp_path, fmt, crs=crs)
    assert path.name.startswith("klmitwirkung_stadtteile_")
    assert path.name.endswith(f"_epsg{crs}.{'zip' if fmt == 'shp' else fmt}")

    if fmt == "csv":
        rows, _ = _read(path)
        moelschbach = next(r for r in rows if r["nummer"] == "14")
        assert moelschbach["name"] == "Mölschbach"
        assert float(moelschbach["lon_wgs84"]) == pytest.approx(7.8, abs=0.05)  # WGS84 in both CRS
        assert float(moelschbach["lat_wgs84"]) == pytest.approx(49.38, abs=0.05)
        x, y = float(moelschbach[f"x_epsg{crs}"]), float(moelschbach[f"y_epsg{crs}"])  # in the chosen CRS
        assert (
            (410_000 < x < 420_000 and 5_460_000 < y < 5_480_000)
            if crs == 25832
            else (x, y)
            == (
                pytest.approx(float(moelschbach["lon_wgs84"])),
                pytest.approx(float(moelschbach["lat_wgs84"])),
            )
        )
        assert ";14;Mölschbach;" in path.read_text(encoding="utf-8-sig")  # numbers unquoted
        first_coordinate = moelschbach["WKT"].split("(((")[1].split(",")[0].split()
        x = float(first_coordinate[0])
        assert (400_000 < x < 430_000) if crs == 25832 else (7.6 < x < 7.9)
        assert len(rows) == 18
        return

    meta = pyogrio.read_info(f"/vsizip/{path}" if fmt == "shp" else path)
    assert meta["features"] == 18
    assert str(crs) in meta["crs"]
    xmin, ymin, xmax, ymax = meta["total_bounds"]
    if crs == 25832:
        assert 400_000 < xmin < xmax < 430_000
        assert 5_460_000 < ymin < ymax < 5_490_000
    else:
        assert 7.6 < xmin < xmax < 7.9
        assert 49.3 < ymin < ymax < 49.5
    rows, _ = _read(f"/vsizip/{path}" if fmt == "shp" else path)
    if fmt == "kml":
        assert "Mölschbach" in path.read_text(encoding="utf-8")
    else:
        assert {r["name"] for r in rows} >= {"Mölschbach", "Grübentälchen/Volkspark", "Erzhütten/Wiesenthalerhof"}
        assert sum(int(r["einwohner"]) for r in rows) == 101_597


def test_shapefile_zip_has_every_part_and_a_readme_of_field_names(client, tmp_path):
    path = _export(client, tmp_path, "shp", crs=25832)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert {n.rsplit(".", 1)[1] for n in names if n != "LIESMICH.txt"} == {"shp", "shx", "dbf", "prj", "cpg"}
        readme = archive.read("LIESMICH.txt").decode()
        assert archive.read("stadtteile.cpg").decode().strip().upper().replace("-", "") == "UTF8"
    assert "flaeche_m2 = flaeche_m2" in readme


def test_shapefile_field_names_are_short_unique_and_ascii():
    names = shapefile_field_names(["unterstützungen", "unterstützer", "größe", "x"])
    assert names == {"unterstützungen": "unterstuet", "unterstützer": "unterstue1", "größe": "groesse", "x": "x"}
    assert all(len(v) <= 10 and v.isascii() for v in names.values())


def test_filters_apply_to_exports(client, tmp_path):
    rows, _ = _read(_export(client, tmp_path, "geojson", stadtteil=14))
    assert [r["name"] for r in rows] == ["Mölschbach"]
    # A box around the Innenstadt touches only the central Stadtteile.
    rows, _ = _read(_export(client, tmp_path, "gpkg", bbox="7.765,49.440,7.775,49.446"))
    assert {int(r["nummer"]) for r in rows} <= set(range(1, 10))
    assert 1 <= len(rows) < 9


@pytest.mark.parametrize(
    ("url_kwargs", "params", "field"),
    [
        ({"dataset": "gibtsnicht", "fmt": "gpkg"}, {}, "dataset"),
        ({"dataset": "stadtteile", "fmt": "xlsx"}, {}, "format"),
        ({"dataset": "stadtteile", "fmt": "gpkg"}, {"crs": "3857"}, "crs"),
        ({"dataset": "stadtteile", "fmt": "gpkg"}, {"crs": "EPSG"}, "crs"),
        ({"dataset": "stadtteile", "fmt": "kml"}, {"crs": "25832"}, "crs"),
        ({"dataset": "stadtteile", "fmt": "gpkg"}, {"bbox": "7,49,8"}, "bbox"),
        ({"dataset": "stadtteile", "fmt": "gpkg"}, {"bbox": "8,49,7,50"}, "bbox"),
        ({"dataset": "stadtteile", "fmt": "gpkg"}, {"stadtteil": "drei"}, "stadtteil"),
        ({"dataset": "stadtteile", "fmt": "gpkg"}, {"from": "26.11.2026"}, "from"),
        ({"dataset": "stadtteile", "fmt": "gpkg"}, {"from": "2026-11-01"}, "from"),  # districts have no date
    ],
)
def test_bad_export_requests_get_a_400_naming_the_parameter(client, url_kwargs, params, field):
    response = client.get(reverse("api:export", kwargs=url_kwargs), params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_export_command_writes_the_file(tmp_path):
    call_command(
        "export_dataset", "stadtteile", "fgb", crs=25832, output=tmp_path, filter=["stadtteil=16"], verbosity=0
    )
    (path,) = tmp_path.iterdir()
    rows, meta = _read(path)
    assert [r["name"] for r in rows] == ["Hohenecken"]
    assert "25832" in meta["crs"]


def test_the_gis_page_lists_datasets_and_services_and_its_form_leads_to_the_file(client, staff_only_dataset):
    html = client.get(reverse("geo:gis")).content.decode()
    assert 'value="stadtteile"' in html
    assert 'value="intern"' not in html  # staff-only datasets only for staff
    assert 'href="/gis/klmitwirkung.qgs"' in html
    assert "<code>vorhaben-ebenen-punkte</code>" in html  # one live layer per kind of geometry
    assert "/ogc/" in html
    assert "/wfs/" in html
    response = client.get(reverse("geo:gis"), {"dataset": "stadtteile", "format": "gpkg", "crs": "25832", "bbox": ""})
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/exports/stadtteile.gpkg?crs=25832"


@pytest.mark.parametrize(("params", "field"), [({"from": "2024-02-30"}, "from"), ({"to": "2024-99-99"}, "to")])
def test_impossible_dates_are_a_400(client, params, field):
    response = client.get(reverse("api:export", kwargs={"dataset": "ideen", "fmt": "csv"}), params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_filter_value_beyond_the_column_range_exports_an_empty_file(client, tmp_path):
    rows, _ = _read(_export(client, tmp_path, "csv", stadtteil="99999999999999999999"))
    assert rows == []


def test_staff_export_staff_only_data_with_their_token_as_qgis_sends_it(client, tmp_path, staff_only_dataset):
    planner = UserFactory(roles=[Role.PLANNER])
    key = api_key(planner)
    url = reverse("api:export", kwargs={"dataset": "intern", "fmt": "geojson"})
    assert client.get(url).status_code == 400  # unknown to anonymous clients
    basic = base64.b64encode(f"{planner.username}:{key}".encode()).decode()
    response = client.get(url, headers={"authorization": f"Basic {basic}"})
    assert response.status_code == 200
    path = tmp_path / "intern.geojson"
    path.write_bytes(b"".join(response.streaming_content))
    assert pyogrio.read_info(path)["features"] == 18


def test_exports_are_rate_limited_per_address(client, settings):
    settings.GIS_EXPORT_RATE = "2/m"
    cache.clear()
    url = reverse("api:export", kwargs={"dataset": "ortsbezirke", "fmt": "geojson"})
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    limited = client.get(url)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    cache.clear()


def test_the_gis_form_refuses_what_is_not_offered(client):
    response = client.get(reverse("geo:gis"), {"dataset": "a b", "format": ""})
    assert response.status_code == 400
    assert "Bitte wählen Sie einen Datensatz" in response.content.decode()


def test_a_layer_with_points_lines_and_areas_becomes_one_shapefile_per_kind(
    client, tmp_path, transactional_db, reference_data
):
    layer = FeatureFactory(geom=Point(7.77, 49.44, srid=4326)).layer
    FeatureFactory(layer=layer, geom=LineString((7.76, 49.44), (7.77, 49.45), srid=4326))
    FeatureFactory(layer=layer, geom=Polygon.from_bbox((7.76, 49.44, 7.77, 49.45)))
    path = tmp_path / "ebenen.zip"
    path.write_bytes(
        b"".join(
            client.get(reverse("api:export", kwargs={"dataset": "vorhaben-ebenen", "fmt": "shp"})).streaming_content
        )
    )
    with zipfile.ZipFile(path) as archive:
        shapes = sorted(n for n in archive.namelist() if n.endswith(".shp"))
    assert shapes == ["vorhaben-ebenen-flaechen.shp", "vorhaben-ebenen-linien.shp", "vorhaben-ebenen-punkte.shp"]


def test_shapefile_has_readable_names_local_days_and_the_licence(client, tmp_path, every_live_layer):
    path = tmp_path / "ideen.zip"
    response = client.get(reverse("api:export", kwargs={"dataset": "ideen", "fmt": "shp"}), {"crs": 25832})
    path.write_bytes(b"".join(response.streaming_content))
    rows, meta = _read(f"/vsizip/{path}")
    assert {"stadtt_nr", "eingang_am", "unterstuet", "beschreibg"} <= set(meta["fields"])
    late = next(r for r in rows if r["titel"] == "Späte Idee")
    assert str(late["eingang_am"])[:10] == "2026-06-01"  # 23:30 in Berlin, 21:30 UTC: the Berlin day
    with zipfile.ZipFile(path) as archive:
        readme = archive.read("LIESMICH.txt").decode()
    assert "stadtt_nr  = stadtteil_nr" in readme
    assert "dl-de/by-2-0" in readme


def test_geopackage_tables_are_typed_and_carry_title_and_licence(client, tmp_path, every_live_layer):
    path = tmp_path / "ebenen.gpkg"
    response = client.get(reverse("api:export", kwargs={"dataset": "vorhaben-ebenen", "fmt": "gpkg"}))
    path.write_bytes(b"".join(response.streaming_content))
    types = {str(name): str(kind) for name, kind in pyogrio.list_layers(path)}
    assert types == {
        "vorhaben-ebenen-punkte": "MultiPoint",
        "vorhaben-ebenen-linien": "MultiLineString",
        "vorhaben-ebenen-flaechen": "MultiPolygon",
    }
    info = pyogrio.read_info(path, layer="vorhaben-ebenen-punkte")
    assert info["layer_metadata"]["IDENTIFIER"] == "Kartenebenen der Vorhaben: Punkte"  # gpkg_contents
    assert info["layer_metadata"]["DESCRIPTION"].startswith("Alle Objekte der Kartenebenen")
    assert info["dataset_metadata"]["TITLE"] == "Kartenebenen der Vorhaben"  # gpkg_metadata
    assert "dl-de/by-2-0" in info["dataset_metadata"]["LICENSE"]
