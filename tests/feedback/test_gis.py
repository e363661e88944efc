"""The datasets "rueckmeldungen", "rueckmeldungen-intern" and "rueckmeldungen-objekte": exports read back
with GDAL, the OGC collection, staff-only where text is unpublished."""

import pyogrio
import pytest

from feedback import services
from feedback.models import Feedback
from tests.factories import api_key
from tests.feedback.factories import feedback_on
from tests.geo.test_geojson import ROUNDS_UP


@pytest.fixture
def weighed(lane, planner):
    entries = feedback_on(lane, "++-0+")
    services.feedback_decide(feedback=entries[0], actor=planner, decision="beruecksichtigt", reason="Wird so gebaut.")
    services.decisions_release(project=lane.layer.project, actor=planner)
    services.feedback_decide(
        feedback=entries[1], actor=planner, decision="nicht_beruecksichtigt", reason="Noch intern."
    )
    return entries


def test_export_reads_back_with_gdal_in_utm32(transactional_db, reference_data, client, tmp_path, weighed, lane):
    """ogr2ogr reads through its own connection: the rows must be committed."""
    response = client.get("/api/v1/exports/rueckmeldungen.gpkg", {"crs": 25832, "project": "radnetz-test"})
    assert response.status_code == 200, response.content[:300]
    path = tmp_path / "r.gpkg"
    path.write_bytes(b"".join(response.streaming_content))
    meta, _fids, _geometry, values = pyogrio.raw.read(path)
    rows = [dict(zip(meta["fields"], row, strict=True)) for row in zip(*values, strict=True)]
    assert len(rows) == 5
    assert {r["objekt_id"] for r in rows} == {lane.pk}
    assert sorted(r["abwaegung"] for r in rows) == ["", "", "", "", "berücksichtigt"]
    assert "Noch intern." not in {r["begruendung"] for r in rows}
    assert "25832" in meta["crs"]
    bounds = pyogrio.read_info(path)["total_bounds"]
    assert 400_000 < bounds[0] < 430_000


def test_ogc_collection_is_public_and_the_internal_one_for_staff(client, weighed, planner):
    items = client.get("/ogc/collections/rueckmeldungen/items").json()
    assert len(items["features"]) == 5
    assert client.get("/ogc/collections/rueckmeldungen-intern/items").status_code in (401, 403, 404)
    key = api_key(planner)
    staff = client.get("/ogc/collections/rueckmeldungen-intern/items", headers={"authorization": f"Token {key}"})
    assert "Noch intern." in {f["properties"]["begruendung"] for f in staff.json()["features"]}


def test_features_with_counts_and_suppressed_small_shares(client, weighed, lane):
    body = client.get("/ogc/collections/rueckmeldungen-objekte-linien/items").json()
    (props,) = [f["properties"] for f in body["features"] if f["id"] == lane.pk]
    assert props["rueckmeldungen"] == 5
    assert (props["anteil_dafuer"], props["anteil_neutral"], props["anteil_dagegen"]) == (None, None, None)  # 3, 1, 1


def test_oapif_driver_reads_the_collection(live_server, reference_data, lane):
    """GDAL's OAPIF driver (as QGIS uses it) against a running server."""
    from tests.geo.test_gis_clients import gdal

    entries = feedback_on(lane, "+-")
    # Written with microseconds, 17.9996 s becomes 1000 ms in pyogrio, which then fails on "microsecond
    # 1000000"; geo.geojson writes milliseconds.
    Feedback.objects.filter(pk=entries[0].pk).update(created_at=ROUNDS_UP)
    result = gdal(f"OAPIF:{live_server.url}/ogc/", "rueckmeldungen")
    assert "rueckmeldungen" in result["layers"]
    assert sorted(r["meinung"] for r in result["rows"]) == ["dafuer", "dagegen"]
    assert "2026-06-30 23:59:17.999" in {str(r["eingereicht_am"])[:23] for r in result["rows"]}
