"""QGIS itself (Debian's python3-qgis, installed by the set-up) loads every live layer of a running server
through its OAPIF and WFS providers and opens the shipped project. QGIS cannot be imported into the venv,
so the system python3 runs tests/geo/qgis_check.py in one process for all layers."""

import json
import subprocess
from pathlib import Path
from urllib.request import urlopen

import pytest

from geo.datasets import live_layers

SCRIPT = Path(__file__).with_name("qgis_check.py")


def run_qgis(base_url: str, names: list[str], project: Path, home: Path) -> dict:
    result = subprocess.run(
        ["/usr/bin/python3", str(SCRIPT), json.dumps([base_url, names, str(project), ""])],
        capture_output=True, text=True, timeout=300, check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(home)},  # QGIS writes its settings under HOME
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.usefixtures("every_live_layer")
def test_qgis_loads_every_live_layer_and_the_shipped_project(live_server, tmp_path):
    project = tmp_path / "klmitwirkung.qgs"
    with urlopen(f"{live_server.url}/gis/klmitwirkung.qgs") as response:  # noqa: S310 (our live server)
        project.write_bytes(response.read())
    layers = live_layers(None)
    expected = {layer.name: (layer.geometry_type, layer.queryset().count(), list(layer.fields)) for layer in layers}
    assert all(count for _type, count, _fields in expected.values()), expected  # every layer has features

    seen = run_qgis(live_server.url, list(expected), project, home=tmp_path)

    assert seen["errors"] == []
    for provider in ("oapif", "wfs"):
        for name, (geometry_type, count, fields) in expected.items():
            layer = seen[provider][name]
            assert layer["valid"], (provider, name)
            assert (layer["type"], layer["count"], layer["fields"]) == (geometry_type, count, fields), (provider, name)
    assert seen["project_read"]
    assert seen["crs"] == "EPSG:25832"
    opened = {layer_id.removeprefix("klmitwirkung_"): layer for layer_id, layer in seen["project"].items()}
    assert set(opened) == set(expected)
    for name, (geometry_type, count, _fields) in expected.items():
        assert (opened[name]["valid"], opened[name]["type"], opened[name]["count"]) == (True, geometry_type, count)
