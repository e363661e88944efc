"""GDAL's own client drivers (OAPIF and WFS, the code QGIS uses) read the live services of a running server.

GDAL runs in a subprocess (pyogrio, which bundles a recent GDAL), so the live server keeps its own thread."""

import json
import subprocess
import sys

import pytest
from django.core.signals import request_started
from rest_framework.authtoken.models import Token

from accounts.roles import Role
from tests.factories import UserFactory

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
    info = pyogrio.read_info(source, layer=layer, **{k: v for k, v in options.items() if k not in ("bbox",)})
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
    key = Token.objects.create(user=planner).key
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
    key = Token.objects.create(user=planner).key
    config = {"GDAL_HTTP_USERPWD": f"{planner.username}:{key}", "GDAL_HTTP_AUTH": "BASIC"}
    assert "intern" in {name.split(":")[-1] for name in gdal(source, config=config)["layers"]}
