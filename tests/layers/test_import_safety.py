"""A planner's file cannot make GDAL or PROJ fetch URLs or read other files."""

import socket
import threading
import zipfile
from pathlib import Path

import pytest

from layers.importing import LayerImportError
from layers.models import Layer
from layers.services import layer_import


class Listener(list):
    """The addresses that connected; `url` is where the listener waits."""

    url = ""


@pytest.fixture
def listener():
    """A loopback server on a free port that records every connection: an import must never make one."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    connections = Listener()
    connections.url = f"http://127.0.0.1:{server.getsockname()[1]}"
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
    path.write_text(_vrt(f"/vsicurl/{listener.url}/daten.geojson"))
    with pytest.raises(LayerImportError, match="passt nicht"):
        _import(project, path)
    assert listener == []
    assert not Layer.objects.exists()


def test_a_geojson_naming_a_vsicurl_path_is_refused_without_a_connection(project, tmp_path, listener):
    path = tmp_path / "punkte.geojson"
    path.write_text(f'{{"type": "FeatureCollection", "features": [], "x": "/vsicurl/{listener.url}/a"}}')
    with pytest.raises(LayerImportError):
        _import(project, path)
    assert listener == []


def test_a_vrt_inside_a_zip_is_refused(project, tmp_path, listener):
    archive = tmp_path / "paket.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("daten.geojson", _vrt(f"/vsicurl/{listener.url}/x.geojson"))
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
