import io
import json
import zipfile
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point, Polygon

from layers.importing import LayerImportError
from layers.models import Feature, Layer
from layers.services import layer_import
from tests.layers.files import GK3, LONLAT, UTM32, write, zip_dir


def _import(project, path: Path, **kwargs):
    with path.open("rb") as f:
        return layer_import(project=project, upload=f, filename=path.name, **kwargs)


def _lonlat(feature: Feature) -> tuple[float, float]:
    c = feature.geom.centroid
    return round(c.x, 4), round(c.y, 4)


@pytest.mark.parametrize(("crs", "xy"), [("EPSG:4326", LONLAT), ("EPSG:25832", UTM32), ("EPSG:31467", GK3)])
@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_points_are_reprojected_to_wgs84(project, tmp_path, crs, xy, suffix):
    if suffix == ".geojson" and crs != "EPSG:4326":
        path = write(tmp_path / f"p{suffix}", [Point(*xy)], crs=crs, RFC7946="NO", WRITE_NON_FINITE_VALUES="NO")
    else:
        path = write(tmp_path / f"p{suffix}", [Point(*xy)], crs=crs)
    result = _import(project, path)
    assert result.imported == 1
    assert _lonlat(result.layer.features.get()) == LONLAT


def test_geopackage_attributes_keep_their_types_and_3d_is_dropped(project, tmp_path):
    path = write(
        tmp_path / "plan.gpkg",
        [Point(*UTM32, 250.0), Point(UTM32[0] + 100, UTM32[1], 251.0)],
        crs="EPSG:25832",
        fields={"name": ["Bank", "Baum"], "anzahl": [3, 7], "hoehe": [1.5, 12.25], "aktiv": [True, False]},
    )
    layer = _import(project, path, name="Stadtmobiliar").layer
    features = list(layer.features.order_by("id"))
    assert layer.name == "Stadtmobiliar"
    assert layer.feature_count == 2
    assert features[0].attributes == {"name": "Bank", "anzahl": 3, "hoehe": 1.5, "aktiv": True}
    assert isinstance(features[1].attributes["anzahl"], int)
    assert not features[0].geom.hasz


def test_geopackage_with_several_layers_asks_for_one(project, tmp_path):
    path = tmp_path / "two.gpkg"
    write(path, [Point(*UTM32)], crs="EPSG:25832", layer="baeume")
    write(path, [LineString([UTM32, (UTM32[0] + 50, UTM32[1] + 50)])], crs="EPSG:25832", layer="wege", append=True)
    with pytest.raises(LayerImportError) as err:
        _import(project, path)
    assert err.value.layer_choices == ["baeume", "wege"]
    assert Layer.objects.count() == 0
    layer = _import(project, path, source_layer="wege").layer
    assert layer.name == "wege"
    assert layer.features.get().geom.geom_type == "LineString"


def test_zipped_shapefile_honours_prj_and_cpg(project, tmp_path):
    shp = write(tmp_path / "radwege.shp", [Point(*UTM32)], crs="EPSG:25832", fields={"name": ["Lauterstraße"]},
                encoding="ISO-8859-1")  # fmt: skip
    parts = sorted(tmp_path.glob("radwege.*"))
    assert {p.suffix for p in parts} >= {".shp", ".shx", ".dbf", ".prj", ".cpg"}
    assert b"\xdf" in (tmp_path / "radwege.dbf").read_bytes()  # ß in Latin-1, as the .cpg says
    result = _import(project, zip_dir(parts, tmp_path / "radwege.zip"))
    feature = result.layer.features.get()
    assert feature.attributes["name"] == "Lauterstraße"
    assert _lonlat(feature) == LONLAT
    assert shp.exists()


@pytest.mark.filterwarnings("ignore:'crs' was not provided")  # the point of this test
def test_shapefile_without_prj_uses_the_chosen_crs(project, tmp_path):
    write(tmp_path / "ohne.shp", [Point(*UTM32)], crs=None)
    parts = [p for p in tmp_path.glob("ohne.*") if p.suffix != ".prj"]
    archive = zip_dir(parts, tmp_path / "ohne.zip")
    with pytest.raises(LayerImportError, match="Koordinatensystem"):
        _import(project, archive)  # read as WGS84, the UTM metres are out of range
    assert _lonlat(_import(project, archive, assume_crs="EPSG:25832").layer.features.get()) == LONLAT


def test_kml(project, tmp_path):
    path = write(tmp_path / "spielplaetze.kml", [Point(*LONLAT)], crs="EPSG:4326", fields={"Name": ["Spielplatz"]})
    feature = _import(project, path).layer.features.get()
    assert _lonlat(feature) == LONLAT
    assert feature.attributes["Name"] == "Spielplatz"


def test_csv_with_lon_lat_columns_keeps_numbers(project, tmp_path):
    path = tmp_path / "baeume.csv"
    path.write_text("name;lon;lat;hoehe;anzahl\nLinde;7.77;49.44;12.5;3\nEiche;7.78;49.45;20;1\n", encoding="utf-8")
    layer = _import(project, path).layer
    first = layer.features.order_by("id").first()
    assert _lonlat(first) == LONLAT
    assert first.attributes == {"name": "Linde", "hoehe": 12.5, "anzahl": 3}


def test_csv_with_wkt_in_utm(project, tmp_path):
    path = tmp_path / "flaechen.csv"
    x, y = UTM32
    path.write_text(f'WKT,name\n"POLYGON(({x} {y},{x + 10} {y},{x + 10} {y + 10},{x} {y}))",Fläche\n', encoding="utf-8")
    feature = _import(project, path, assume_crs="EPSG:25832").layer.features.get()
    assert feature.geom.geom_type == "Polygon"
    assert _lonlat(feature) == pytest.approx(LONLAT, abs=2e-4)


def test_csv_without_geometry_columns_is_refused(project, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("name,anzahl\nA,1\n", encoding="utf-8")
    with pytest.raises(LayerImportError, match="WKT"):
        _import(project, path)


def test_invalid_polygon_is_repaired_and_reported(project, tmp_path):
    x, y = UTM32
    bowtie = Polygon([(x, y), (x + 10, y + 10), (x + 10, y), (x, y + 10), (x, y)])
    square = Polygon([(x, y), (x + 10, y), (x + 10, y + 10), (x, y + 10), (x, y)])
    path = write(tmp_path / "flaechen.gpkg", [square, bowtie], crs="EPSG:25832")
    result = _import(project, path)
    assert result.repaired == [2]
    assert all(f.geom.valid for f in result.layer.features.all())


def test_feature_without_geometry_fails_the_whole_import(project, tmp_path):
    path = tmp_path / "luecke.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": list(LONLAT)}, "properties": {}},
        {"type": "Feature", "geometry": None, "properties": {}},
    ]}))  # fmt: skip
    with pytest.raises(LayerImportError, match=r"Nr\. 2"):
        _import(project, path)
    assert Layer.objects.count() == 0
    assert Feature.objects.count() == 0


def test_too_many_features(project, tmp_path, settings_small_limits):
    path = write(tmp_path / "viele.gpkg", [Point(LONLAT[0] + i / 1000, LONLAT[1]) for i in range(6)])
    with pytest.raises(LayerImportError, match="höchstens 5"):
        _import(project, path)
    assert Layer.objects.count() == 0


def test_too_large_file(project, tmp_path, settings_small_limits):
    path = tmp_path / "gross.geojson"
    path.write_bytes(b" " * 300_000)
    with pytest.raises(LayerImportError, match="zu groß"):
        _import(project, path)


def test_zip_with_path_traversal_is_refused(project, tmp_path):
    archive = tmp_path / "boese.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../etc/evil.shp", b"x")
    with pytest.raises(LayerImportError, match="unzulässige Pfade"):
        _import(project, archive)
    assert not (tmp_path.parent.parent / "etc" / "evil.shp").exists()


def test_zip_bomb_is_refused(project, tmp_path, settings_small_limits):
    archive = tmp_path / "bombe.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.geojson", b"\0" * 4_000_000)  # compresses about 1000:1
    with pytest.raises(LayerImportError, match="Zip-Bombe"):
        _import(project, archive)


def test_zip_too_large_unpacked_is_refused(project, tmp_path, settings_small_limits):
    archive = tmp_path / "gross.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.geojson", b" " * 100_000)
    settings_small_limits.LAYERS_IMPORT_MAX_UNPACKED_BYTES = 50_000
    with pytest.raises(LayerImportError, match="entpackt zu groß"):
        _import(project, archive)


def test_kml_with_external_entity_is_refused(project, tmp_path):
    path = tmp_path / "xxe.kml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&xxe;</name>'
        "<Point><coordinates>7.77,49.44</coordinates></Point></Placemark></kml>"
    )
    with pytest.raises(LayerImportError, match="ENTITY"):
        _import(project, path)


def test_garbage_and_unknown_formats_are_refused(project, tmp_path):
    path = tmp_path / "kaputt.gpkg"
    path.write_bytes(b"not a geopackage")
    with pytest.raises(LayerImportError, match="passt nicht zu ihrer Endung"):
        _import(project, path)
    with pytest.raises(LayerImportError, match="nicht unterstützt"):
        layer_import(project=project, upload=io.BytesIO(b"x"), filename="plan.dwg")


def test_crs_pointing_at_files_is_refused(project, tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("lon,lat\n7.77,49.44\n")
    with pytest.raises(LayerImportError, match="externe Dateien"):
        _import(project, csv, assume_crs="+proj=longlat +nadgrids=http://example.org/grid.tif")


def test_kmz_and_file_names_name_the_layer(project, tmp_path):
    kml = write(tmp_path / "doc.kml", [Point(*LONLAT)], crs="EPSG:4326", fields={"Name": ["Spielplatz"]})
    kmz = tmp_path / "spielplaetze.kmz"
    with zipfile.ZipFile(kmz, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(kml, "doc.kml")
    assert _lonlat(_import(project, kmz).layer.features.get()) == LONLAT
    geojson = write(tmp_path / "Radwege Nord.geojson", [Point(*LONLAT)])
    layer = _import(project, geojson).layer
    assert layer.name == "Radwege Nord"
    assert layer.source_name == "Radwege Nord.geojson"


def test_file_names_never_become_paths(project, tmp_path):
    path = write(tmp_path / "p.geojson", [Point(*LONLAT)])
    with path.open("rb") as f:
        layer = layer_import(project=project, upload=f, filename="../../p.geojson").layer
    assert layer.features.count() == 1
    with path.open("rb") as f, pytest.raises(LayerImportError, match="nicht unterstützt"):
        layer_import(project=project, upload=f, filename="..")


def test_unknown_crs_is_reported(project, tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("lon,lat\n7.77,49.44\n")
    with pytest.raises(LayerImportError, match="Koordinatensystem der Datei ist unbekannt"):
        _import(project, csv, assume_crs="EPSG:999999")
    assert Layer.objects.count() == 0


def test_feature_limit_holds_when_the_driver_cannot_count(project, tmp_path, settings_small_limits, monkeypatch):
    import layers.importing.source as source

    real_read_info = source.pyogrio.read_info
    monkeypatch.setattr(source.pyogrio, "read_info", lambda *a, **k: {**real_read_info(*a, **k), "features": -1})
    path = write(tmp_path / "viele.gpkg", [Point(LONLAT[0] + i / 1000, LONLAT[1]) for i in range(6)])
    with pytest.raises(LayerImportError, match="mehr als 5"):
        _import(project, path)


def test_a_feature_thousands_of_km_away_is_refused_by_name_and_nothing_is_imported(project, tmp_path):
    path = tmp_path / "baeume.csv"  # the second tree has longitude and latitude swapped: Somalia
    path.write_text("name;lon;lat\nLinde;7.77;49.44\nEiche;49.45;7.78\n", encoding="utf-8")
    with pytest.raises(LayerImportError) as refused:
        _import(project, path)
    message = str(refused.value)
    assert "Nr. 2 „Eiche“" in message
    assert "vertauscht" in message
    assert "km von Kaiserslautern" in message
    assert not Layer.objects.filter(project=project).exists()
