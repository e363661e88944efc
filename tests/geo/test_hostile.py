"""Hostile requests against /ogc/, /wfs/, /tiles/ and exports, sent to gunicorn in a subprocess.

A request that crashes the process (GEOS aborting on 1e150, issue 11) does not show as a status code
in the test client: it takes pytest down with it. Under gunicorn it kills the worker, which the master
silently replaces; so besides the status codes this checks that the worker that answered is still the
same process afterwards.
"""

import re
import subprocess
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.gunicorn import gunicorn as gunicorn_server
from tests.gunicorn import wait_for

UTM32 = "urn:ogc:def:crs:EPSG::25832"
GET_FEATURE = "/wfs/?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=app:stadtteile"
NS = 'xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"'
ITEMS = "/ogc/collections/stadtteile/items"
EXPORT = "/api/v1/exports/stadtteile"


def envelope(lower: str, upper: str) -> str:
    return quote(
        f'<fes:Filter {NS}><fes:BBOX><gml:Envelope srsName="{UTM32}"><gml:lowerCorner>{lower}</gml:lowerCorner>'
        f"<gml:upperCorner>{upper}</gml:upperCorner></gml:Envelope></fes:BBOX></fes:Filter>"
    )


# Clamped, not refused: these used to abort the process or answer 500, real clients send the second.
ANSWERED = [
    f"{GET_FEATURE}&BBOX=-1e150,-1e150,1e150,1e150,{UTM32}",
    f"{GET_FEATURE}&COUNT=1&BBOX=-1e8,-1e8,1e8,1e8,{UTM32}",
    f"{GET_FEATURE}&COUNT=1&FILTER={envelope('-1e150 -1e150', '1e150 1e150')}",
    f"{ITEMS}?bbox=-1e9,-1e9,1e9,1e9&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/25832&limit=1",
    f"{ITEMS}?bbox=-1e300,-1e300,1e300,1e300&limit=1",
]
REFUSED = [
    f"{GET_FEATURE}&BBOX=nan,0,1,1",
    f"{GET_FEATURE}&BBOX=-inf,0,1,1,{UTM32}",
    f"{GET_FEATURE}&BBOX=1e400,0,1,1",
    f"{GET_FEATURE}&BBOX=0,0,1,1,urn:ogc:def:crs:EPSG::unbekannt",
    f"{GET_FEATURE}&FILTER={envelope('NaN 0', '1 1')}",
    f"{GET_FEATURE}&FILTER={envelope('-Infinity 0', '1 1')}",
    f"{GET_FEATURE}&FILTER={quote(f'<fes:Filter {NS}></fes:Filter>')}",
    f"{GET_FEATURE}&COUNT=-1",
    f"{GET_FEATURE}&STARTINDEX=99999999999999999999999",
    f"{GET_FEATURE}&PROPERTYNAME=",
    f"{GET_FEATURE}&SRSNAME=urn:ogc:def:crs:EPSG::999999",
    f"{GET_FEATURE}&SRSNAME=%00",
    "/wfs/?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=xyz:ideen",
    "/wfs/?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&RESOURCEID=",
    "/wfs/?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&RESOURCEID=ideen",
    f"{ITEMS}?bbox=nan,0,1,1",
    f"{ITEMS}?bbox=0,0,1,1&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/999999",
    f"{ITEMS}?bbox=-inf,0,1,1&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/25832",
    f"{ITEMS}?crs=urn:ogc:def:crs:EPSG::3857",
    f"{ITEMS}?limit=-1",
    f"{ITEMS}?offset=1e300",
    f"{ITEMS}?datetime=%00",
    "/ogc/collections/stadtteile/items/99999999999999999999999999",
    "/ogc/collections/%00/items",
    "/tiles/1/99/1/1.mvt",
    "/tiles/1/1/-1/1.mvt",
    "/tiles/99999999999999999999999999/1/1/1.mvt",
    "/tiles/1/1/99999999999999999999999999/1.mvt",
    f"{EXPORT}.csv?bbox=nan,0,1,1",
    f"{EXPORT}.csv?bbox=1,2,3",
    f"{EXPORT}.csv?crs=999999",
    f"{EXPORT}.csv?from=%00",
    f"{EXPORT}.exe",
]
DOCTYPE_BODY = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY big "aaaaaaaaaa">]>'
    '<wfs:GetFeature service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0">'
    '<wfs:Query typeNames="app:stadtteile"/></wfs:GetFeature>'
)


def _fetch(base: str, path: str, data: bytes | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/xml"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except ConnectionError:  # the worker died while answering
        return 0, b""


def _status(base: str, path: str, data: bytes | None = None) -> int:
    return _fetch(base, path, data)[0]


def _features(body: bytes) -> int:
    """How many features an answer holds: the output path ran only if there was something to write."""
    match = re.search(rb'"numberReturned":\s*(\d+)|numberReturned="(\d+)"', body)
    return int(next(group for group in match.groups() if group is not None)) if match else 0


def _workers(master: int) -> set[int]:
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, check=False)
    return {int(pid) for pid in children.stdout.split()}


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, django_db_blocker):
    """One sync worker on the test database (the districts are committed there by the session set-up and kept
    through flushes)."""
    db = settings.DATABASES["default"]
    url = f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    with gunicorn_server(url, stderr=subprocess.PIPE) as (server, base):
        wait_for(server, lambda: _status(base, "/healthz"), 200)
        yield server, base


def test_hostile_requests_are_4xx_and_the_worker_survives(gunicorn):
    server, base = gunicorn
    workers = _workers(server.pid)
    assert len(workers) == 1
    answered = {path: _fetch(base, path) for path in ANSWERED}
    refused = {path: _status(base, path) for path in REFUSED}
    refused["POST /wfs/ with DOCTYPE"] = _status(base, "/wfs/", DOCTYPE_BODY.encode())

    assert {path: code for path, (code, _) in answered.items() if code != 200} == {}
    assert {path: _features(body) for path, (_, body) in answered.items() if _features(body) < 1} == {}
    assert {path: code for path, code in refused.items() if not 400 <= code < 500} == {}
    assert _status(base, "/healthz") == 200
    assert _workers(server.pid) == workers, "a worker died and was replaced"
