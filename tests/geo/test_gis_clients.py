"""GDAL's own client drivers (OAPIF and WFS, the code QGIS uses) read the live services of a running server.

GDAL runs in a subprocess (pyogrio, which bundles a recent GDAL), so the live server keeps its own thread."""

import json
import subprocess
import sys
from urllib.request import urlopen

import pytest
from django.core.signals import request_started

from accounts.roles import Role
from geo.datasets import live_layers
from tests.factories import UserFactory, api_key

pytestmark = pytest.mark.usefixtures("reference_data")

SCRIPT = """
import json, sys, pyogrio
from pyogrio import raw
source, layer, options, config = json.loads(sys.argv[1])
pyogrio.set_gdal_config_options(config)
out = {"layers": [str(row[0]) for row in pyogrio.list_layers(source)]}
if layer:
    kwargs = dict(layer=layer, **options)
    if "bbox" in kwargs:
        kwargs["bbox"] = tuple(kwargs["bbox"])
    meta, fids, geometry, values = raw.read(source, **kwargs)
    names = list(meta["fields"])
    out["rows"] = [dict(zip(names, [v.item() if hasattr(v, "item") else v for v in row])) for row in zip(*values)]
    out["crs"] = meta["crs"]
    read_only = ("bbox", "datetime_as_string")
    info = pyogrio.read_info(source, layer=layer, **{k: v for k, v in options.items() if k not in read_only})
    out["bounds"] = list(info["total_bounds"]) if info["total_bounds"] is not None else None
print(json.dumps(out, default=str))
"""


def gdal(source: str, layer: str | None = None, config: dict | None = None, **options) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps([source, layer, options, config or {}])],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.fixture
def item_requests():
    paths = []

    def count(sender, environ, **kwargs):
        if "/items" in environ.get("PATH_INFO", "") or "GetFeature" in environ.get("QUERY_STRING", ""):
            paths.append(environ["PATH_INFO"])

    request_started.connect(count)
    yield paths
    request_started.disconnect(count)


def test_oapif_lists_layers_and_reads_a_bbox(live_server):
    source = f"OAPIF:{live_server.url}/ogc/"
    result = gdal(source, "stadtteile", bbox=[7.80, 49.37, 7.82, 49.39])
    assert "stadtteile" in result["layers"]
    assert "ortsbezirke" in result["layers"]
    assert "Mölschbach" in {row["name"] for row in result["rows"]}
    assert len(result["rows"]) < 18


def test_oapif_pages_through_all_features(live_server, item_requests):
    result = gdal(f"OAPIF:{live_server.url}/ogc/", "stadtteile", PAGE_SIZE="5")
    assert sorted(row["nummer"] for row in result["rows"]) == list(range(1, 19))
    assert len(item_requests) >= 4  # 18 features in pages of 5


def test_oapif_reads_in_utm32(live_server):
    result = gdal(f"OAPIF:{live_server.url}/ogc/", "stadtteile", CRS="EPSG:25832")
    assert "25832" in result["crs"]
    xmin, ymin, xmax, ymax = result["bounds"]
    assert 400_000 < xmin < xmax < 430_000
    assert 5_460_000 < ymin < ymax < 5_490_000


def test_oapif_refuses_the_staff_only_layer_without_the_token(live_server, staff_only_dataset):
    source = f"OAPIF:{live_server.url}/ogc/"
    assert "intern" not in gdal(source)["layers"]
    planner = UserFactory(roles=[Role.PLANNER])
    key = api_key(planner)
    result = gdal(source, "intern", USERPWD=f"{planner.username}:{key}")
    assert len(result["rows"]) == 18


def test_wfs_lists_reads_a_bbox_and_pages(live_server, item_requests):
    source = f"WFS:{live_server.url}/wfs/"
    config = {"OGR_WFS_PAGING_ALLOWED": "ON", "OGR_WFS_PAGE_SIZE": "5"}
    result = gdal(source, "app:stadtteile", config=config)
    assert {"stadtteile", "ortsbezirke"} <= {name.split(":")[-1] for name in result["layers"]}
    assert sorted(row["nummer"] for row in result["rows"]) == list(range(1, 19))
    assert "Grübentälchen/Volkspark" in {row["name"] for row in result["rows"]}
    assert len(item_requests) >= 4
    in_box = gdal(source, "app:stadtteile", bbox=[7.80, 49.37, 7.82, 49.39])
    assert "Mölschbach" in {row["name"] for row in in_box["rows"]}
    assert len(in_box["rows"]) < 18


def test_wfs_hides_the_staff_only_layer_without_the_token(live_server, staff_only_dataset):
    source = f"WFS:{live_server.url}/wfs/"
    assert "intern" not in {name.split(":")[-1] for name in gdal(source)["layers"]}
    planner = UserFactory(roles=[Role.PLANNER])
    key = api_key(planner)
    config = {"GDAL_HTTP_USERPWD": f"{planner.username}:{key}", "GDAL_HTTP_AUTH": "BASIC"}
    assert "intern" in {name.split(":")[-1] for name in gdal(source, config=config)["layers"]}


# Debian's GDAL (python3-gdal comes with python3-qgis): the GDAL that QGIS 3.22 itself reads files with.
READ_ALL = """
import json, sys
from osgeo import ogr
ogr.UseExceptions()
out = {}
for key, (source, name) in json.loads(sys.argv[1]).items():
    dataset = ogr.Open(source)  # kept: the layer belongs to it
    layer = dataset.GetLayerByName(name)
    definition = layer.GetLayerDefn()
    fields = [definition.GetFieldDefn(i) for i in range(definition.GetFieldCount())]
    rows = []
    for feature in layer:
        row = {}
        for i, field in enumerate(fields):
            if field.GetType() == ogr.OFTInteger and field.GetSubType() == ogr.OFSTBoolean:
                row[field.GetName()] = bool(feature.GetField(i)) if feature.IsFieldSetAndNotNull(i) else None
            elif field.GetType() in (ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal):
                row[field.GetName()] = feature.GetField(i)
            else:
                row[field.GetName()] = feature.GetFieldAsString(i) if feature.IsFieldSetAndNotNull(i) else None
        rows.append(row)
    geometry_type = ogr.GeometryTypeToName(layer.GetGeomType()).replace(" ", "")
    out[key] = {"fields": [f.GetName() for f in fields], "geometry_type": geometry_type, "rows": rows}
print(json.dumps(out))
"""


@pytest.mark.usefixtures("every_live_layer")
def test_gdal_reads_every_live_layer_with_one_geometry_type_and_the_geopackage_fields(live_server, tmp_path):
    layers = live_layers(None)
    sources = {}
    for layer in layers:
        dataset = layer.name.removesuffix(f"-{layer.kind}") if layer.kind else layer.name
        export = tmp_path / f"{dataset}.gpkg"
        if not export.exists():
            with urlopen(f"{live_server.url}/api/v1/exports/{dataset}.gpkg") as response:  # noqa: S310 (ours)
                export.write_bytes(response.read())
        sources[f"gpkg {layer.name}"] = (str(export), layer.name)
        # The slashless roots, as QGIS 3.22 is given them.
        sources[f"oapif {layer.name}"] = (f"OAPIF:{live_server.url}/ogc", layer.name)
        sources[f"wfs {layer.name}"] = (f"WFS:{live_server.url}/wfs", f"app:{layer.name}")
    result = subprocess.run(
        ["/usr/bin/python3", "-c", READ_ALL, json.dumps(sources)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    read = json.loads(result.stdout)

    for layer in layers:
        gpkg, oapif, wfs = (read[f"{source} {layer.name}"] for source in ("gpkg", "oapif", "wfs"))
        assert gpkg["fields"] == list(layer.fields), (layer.name, gpkg["fields"])
        assert oapif["fields"] == gpkg["fields"], (layer.name, oapif["fields"], gpkg["fields"])
        assert [f for f in wfs["fields"] if f != "gml_id"] == gpkg["fields"], layer.name  # gml_id: GDAL's own
        for source in (gpkg, oapif, wfs):
            # GML 3.2 declares multi-lines and multi-areas as MultiCurve and MultiSurface; GDAL may keep the names.
            geometry_type = source["geometry_type"].replace("MultiCurve", "MultiLineString")
            geometry_type = geometry_type.replace("MultiSurface", "MultiPolygon")
            assert geometry_type == layer.geometry_type, (layer.name, source["geometry_type"])
            assert len(source["rows"]) == layer.queryset().count(), layer.name

    for source in ("oapif", "wfs"):
        (bench,) = read[f"{source} vorhaben-ebenen-punkte"]["rows"]
        assert json.loads(bench["attribute"]) == {"strasse": "Stiftsplatz", "anzahl": 3, "neu": True}
        late = next(r for r in read[f"{source} ideen"]["rows"] if r["titel"] == "Späte Idee")
        assert late["eingereicht_am"].startswith("2026/06/01 23:30:00")  # Berlin, not the UTC day before
        assert late["eingereicht_am"].endswith("+02")
        (ortsbezirk,) = [r for r in read[f"{source} ortsbezirke"]["rows"] if r["name"] == "Mölschbach"]
        assert ortsbezirk["ortsbeirat"] is True  # a boolean, not the text "true"
        assert isinstance(ortsbezirk["ideen"], int)
        idea = next(iter(read[f"{source} ideen"]["rows"]))
        assert idea["status"] == "eingereicht"


def test_slashless_roots_licence_and_the_world_bbox_probe(live_server, client, every_live_layer):
    landing = client.get("/ogc")
    assert landing.status_code == 200
    license_links = [link for link in landing.json()["links"] if link["rel"] == "license"]
    assert license_links
    assert license_links[0]["href"].startswith("http")
    collection = client.get("/ogc/collections/ideen").json()
    assert any(link["rel"] == "license" for link in collection["links"])
    capabilities = client.get("/wfs", {"SERVICE": "WFS", "REQUEST": "GetCapabilities"})
    assert capabilities.status_code == 200
    text = capabilities.content.decode()
    assert "<ows:AccessConstraints>" in text
    assert "dl-de" in text
    assert "<ows:Fees>" in text
    # QGIS's first request on a WFS layer: a box far larger than the CRS's area of use.
    probe = client.get(
        "/wfs",
        {
            "SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": "app:ideen", "COUNT": "1",
            "BBOX": "-1e8,-1e8,1e8,1e8,urn:ogc:def:crs:EPSG::25832", "SRSNAME": "urn:ogc:def:crs:EPSG::25832",
        },
    )  # fmt: skip
    body = b"".join(probe.streaming_content) if probe.streaming else probe.content
    assert probe.status_code == 200, body[:500]
    assert b"<app:ideen " in body
