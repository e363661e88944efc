"""A planner's file cannot make GDAL or PROJ fetch URLs or read other files."""

import json
import socket
import threading
import zipfile
from pathlib import Path

import pytest

from layers.importing import LayerImportError
from layers.models import Layer
from layers.services import layer_import


class Connections(list):
    """The connections a listener accepted; `port` is where it listens (a free port of this machine)."""

    port: int


@pytest.fixture
def listener():
    """A loopback server that records every connection: an import must never make one."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    connections = Connections()
    connections.port = server.getsockname()[1]
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, address = server.accept()
            except TimeoutError:
                continue
            connections.append(address)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield connections
    stop.set()
    thread.join(timeout=2)
    server.close()


def _import(project, path: Path, **kwargs):
    with path.open("rb") as f:
        return layer_import(project=project, upload=f, filename=path.name, **kwargs)


def _vrt(target: str) -> str:
    return (
        '<OGRVRTDataSource><OGRVRTLayer name="x">'
        f"<SrcDataSource>{target}</SrcDataSource>"
        "</OGRVRTLayer></OGRVRTDataSource>"
    )


@pytest.mark.parametrize("name", ["ideen.geojson", "ideen.csv", "ideen.kml"])
def test_an_ogr_vrt_under_another_name_is_refused_without_a_connection(project, tmp_path, listener, name):
    path = tmp_path / name
    path.write_text(_vrt(f"/vsicurl/http://127.0.0.1:{listener.port}/daten.geojson"))
    with pytest.raises(LayerImportError, match="passt nicht"):
        _import(project, path)
    assert listener == []
    assert not Layer.objects.exists()


def test_a_geojson_naming_a_vsicurl_path_is_refused_without_a_connection(project, tmp_path, listener):
    path = tmp_path / "punkte.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [],
                                "x": f"/vsicurl/http://127.0.0.1:{listener.port}/a"}))  # fmt: skip
    with pytest.raises(LayerImportError):
        _import(project, path)
    assert listener == []


def test_a_vrt_inside_a_zip_is_refused(project, tmp_path, listener):
    archive = tmp_path / "paket.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("daten.geojson", _vrt(f"/vsicurl/http://127.0.0.1:{listener.port}/x.geojson"))
    with pytest.raises(LayerImportError):
        _import(project, archive)
    assert listener == []


@pytest.mark.parametrize(
    "crs",
    [
        "+proj=longlat +ellps=GRS80 +grids=/etc/passwd +no_defs",
        "+proj=tmerc +lat_0=0 +lon_0=9 +k=0.9996 +x_0=500000 +y_0=0 +ellps=GRS80 +nadgrids=@null +units=m",
        'BOUNDCRS[SOURCECRS[GEOGCRS["x",DATUM["d",ELLIPSOID["GRS 1980",6378137,298.257222101]],'
        'CS[ellipsoidal,2],AXIS["lat",north],AXIS["lon",east],ANGLEUNIT["degree",0.0174532925199433]]],'
        'TARGETCRS[GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],'
        'CS[ellipsoidal,2],AXIS["lat",north],AXIS["lon",east],ANGLEUNIT["degree",0.0174532925199433]]],'
        'ABRIDGEDTRANSFORMATION["t",METHOD["NTv2"],PARAMETERFILE["Latitude and longitude difference file",'
        '"/etc/passwd"]]]',
    ],
)
def test_crs_definitions_that_name_files_are_refused(project, tmp_path, crs):
    path = tmp_path / "punkt.csv"  # a CSV has no CRS of its own: the chosen one is used
    path.write_text("name,lon,lat\nStiftsplatz,7.77,49.44\n")
    with pytest.raises(LayerImportError, match="Koordinatensystem"):
        _import(project, path, assume_crs=crs)
    assert not Layer.objects.exists()


POINT = {"type": "Point", "coordinates": [7.77, 49.44]}


def _collection(crs: dict | None = None, geometry: dict = POINT, crs_key: str = "crs") -> str:
    body = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Bank"},
                                                       "geometry": geometry}]}  # fmt: skip
    if crs:
        body[crs_key] = crs
    return json.dumps(body)


def _crs_files(port: int) -> dict[str, str]:
    """GeoJSON files whose CRS GDAL would fetch from the listener (each made three requests before)."""
    url = f"http://127.0.0.1:{port}/crs"
    link = {"type": "link", "properties": {"href": url, "type": "proj4"}}
    return {
        "link": _collection(link),
        "url": _collection({"type": "URL", "properties": {"url": url}}),
        "name-as-url": _collection({"type": "name", "properties": {"name": url}}),
        # "cr\u0073" is "crs" to GDAL's JSON parser
        "escaped-key": _collection(link, crs_key="cr-s").replace('"cr-s"', '"cr\\u0073"'),
        "in-geometry": _collection(geometry={**POINT, "CRS": link}),
    }


@pytest.mark.parametrize("kind", ["link", "url", "name-as-url", "escaped-key", "in-geometry"])
def test_a_geojson_crs_link_makes_no_request_from_the_service_or_the_command(project, tmp_path, listener, kind):
    from django.core.management import CommandError, call_command

    path = tmp_path / "plan.geojson"
    path.write_text(_crs_files(listener.port)[kind])
    with pytest.raises(LayerImportError, match="Internetadresse"):
        _import(project, path)
    with pytest.raises(CommandError, match="Internetadresse"):
        call_command("import_layer", project.slug, str(path), "--name", "Bänke")
    assert len(listener) == 0
    assert not Layer.objects.exists()


def test_a_geojson_crs_link_makes_no_request_from_the_web_upload(client, planner, project, tmp_path, listener):
    from django.urls import reverse

    client.force_login(planner)

    path = tmp_path / "plan.geojson"
    path.write_text(_crs_files(listener.port)["link"])
    form = {"stroke_color": "#000000", "fill_color": "#000000", "stroke_width": 2, "opacity": 0.3,
            "point_symbol": "circle", "order": 0, "assume_crs": "EPSG:4326"}  # fmt: skip
    with path.open("rb") as f:
        response = client.post(reverse("layers:layer-import", kwargs={"slug": project.slug}), {**form, "file": f})
    assert response.status_code == 200
    assert "Internetadresse" in response.content.decode()
    assert len(listener) == 0
    assert not Layer.objects.exists()


def test_gdal_itself_makes_no_request_for_a_crs_link(tmp_path, listener):
    """The net under the refusal: GDAL opening such a file (as the import configures it) reaches nobody."""
    import pyogrio

    from layers.importing.source import gdal_without_network

    path = tmp_path / "plan.geojson"
    path.write_text(_crs_files(listener.port)["link"])
    with gdal_without_network():
        pyogrio.read_info(path)
    assert len(listener) == 0


@pytest.mark.parametrize("crs", ["urn:ogc:def:crs:EPSG::25832", "EPSG:25832"])
def test_a_geojson_with_a_named_crs_is_still_read(project, tmp_path, listener, crs):
    path = tmp_path / "utm.geojson"
    text = _collection({"type": "name", "properties": {"name": crs}}, geometry={"type": "Point",
                       "coordinates": [410000, 5480000]})  # fmt: skip
    path.write_text(text.replace('"Bank"', '"B\\u00e4nke"'))  # an escape anywhere makes the check read keys
    _import(project, path)
    layer = Layer.objects.get()
    assert layer.features.count() == 1
    assert round(layer.features.get().geom.x, 1) == 7.8


def test_coordinates_outside_a_known_crs_are_named_as_such(project, tmp_path):
    path = tmp_path / "utm.geojson"
    path.write_text(_collection({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}},
                                geometry={"type": "Point", "coordinates": [1e12, -1e12]}))  # fmt: skip
    with pytest.raises(LayerImportError) as error:
        _import(project, path)
    assert "passen nicht zum Koordinatensystem" in str(error.value)
    assert "EPSG:25832" in str(error.value)
    assert "unbekannt" not in str(error.value)


def test_too_large_an_object_gets_a_size_message(project, tmp_path, monkeypatch):
    """GDAL refuses one GeoJSON object beyond its size limit (here lowered to 1 MB for a 2 MB polygon, the
    same refusal a 46 MB polygon met under the real limit): the planner learns that, not "no geodata"."""
    import math

    from layers.importing import source

    monkeypatch.setitem(source.NO_NETWORK, "OGR_GEOJSON_MAX_OBJ_SIZE", "1")
    n = 50_000
    ring = [
        [7.7 + 0.05 * math.cos(2 * math.pi * i / n), 49.44 + 0.03 * math.sin(2 * math.pi * i / n)] for i in range(n)
    ]
    path = tmp_path / "gross.geojson"
    path.write_text(_collection(geometry={"type": "Polygon", "coordinates": [[*ring, ring[0]]]}))
    with pytest.raises(LayerImportError) as error:
        _import(project, path)
    assert "zu groß" in str(error.value)
    assert "1 MB" in str(error.value)
    assert "kein Geodatenformat" not in str(error.value)
