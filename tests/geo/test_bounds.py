"""Huge coordinates are clamped to the CRS's area of use before GEOS sees them; non-finite ones are refused."""

import pytest

from geo.bounds import CoordinateError, area_of_use, bbox_polygon, clamp_box
from geo.ogcapi import EPSG_25832

pytestmark = pytest.mark.django_db

WFS = "/wfs/?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=app:stadtteile"
GET_FEATURE = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": "app:stadtteile"}
UTM32_URN = "urn:ogc:def:crs:EPSG::25832"
NAMESPACES = 'xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"'


def envelope_filter(lower: str, upper: str, srs: str = UTM32_URN) -> str:
    return (
        f'<fes:Filter {NAMESPACES}><fes:BBOX><gml:Envelope srsName="{srs}">'
        f"<gml:lowerCorner>{lower}</gml:lowerCorner><gml:upperCorner>{upper}</gml:upperCorner>"
        "</gml:Envelope></fes:BBOX></fes:Filter>"
    )


def body(response) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def features(response) -> int:
    return body(response).count("<app:stadtteile ")


def test_the_area_of_use_of_utm32_holds_kaiserslautern_and_is_finite():
    xmin, ymin, xmax, ymax = area_of_use(25832)
    assert xmin < 410_000 < xmax
    assert ymin < 5_480_000 < ymax
    assert xmax - xmin < 1_000_000
    assert ymax - ymin < 6_000_000
    assert area_of_use(4326) == (-180, -90, 180, 90)


def test_a_huge_box_is_clamped_and_a_wrong_one_refused():
    assert clamp_box((-1e150, -1e150, 1e150, 1e150), 4326) == (-180, -90, 180, 90)
    assert clamp_box((7.7, 49.4, 7.8, 49.5), 4326) == (7.7, 49.4, 7.8, 49.5)
    with pytest.raises(CoordinateError):
        clamp_box((8, 49, 7, 50), 4326)
    for text in ("nan,1,2,3", "1,2,inf,4", "1e400,1,2,3", "1,2,3", "a,b,c,d", ""):
        with pytest.raises(CoordinateError):
            bbox_polygon(text)
    assert bbox_polygon("-1e9,-1e9,1e9,1e9", srid=25832).srid == 4326


def test_qgis_opening_a_layer_gets_a_feature(client):
    """QGIS's first request for every WFS layer (issue 14)."""
    response = client.get(f"{WFS}&COUNT=1&BBOX=-1e8,-1e8,1e8,1e8,{UTM32_URN}")
    assert response.status_code == 200
    assert features(response) == 1


@pytest.mark.parametrize(
    "bbox",
    [f"-1e150,-1e150,1e150,1e150,{UTM32_URN}", "-1e150,-1e150,1e150,1e150", "-1e300,-1e300,1e300,1e300,EPSG:4326"],
)
def test_wfs_bbox_of_astronomic_size_answers_every_feature(client, bbox):
    response = client.get(f"{WFS}&BBOX={bbox}")
    assert response.status_code == 200
    assert features(response) == 18


def test_wfs_envelope_filter_of_astronomic_size_answers_every_feature(client):
    response = client.get("/wfs/", {**GET_FEATURE, "FILTER": envelope_filter("-1e150 -1e150", "1e150 1e150")})
    assert response.status_code == 200
    assert features(response) == 18


def test_wfs_post_with_huge_polygon_and_envelope_is_answered(client):
    polygon = (
        f"<fes:Filter {NAMESPACES}><fes:Intersects><fes:ValueReference>geom</fes:ValueReference>"
        f'<gml:Polygon srsName="{UTM32_URN}"><gml:exterior><gml:LinearRing>'
        "<gml:posList>-1e200 -1e200 1e200 -1e200 1e200 1e200 -1e200 1e200 -1e200 -1e200</gml:posList>"
        "</gml:LinearRing></gml:exterior></gml:Polygon></fes:Intersects></fes:Filter>"
    )
    for fes in (polygon, envelope_filter("-1e150 -1e150", "1e150 1e150")):
        xml = (
            '<wfs:GetFeature service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0" '
            'xmlns:app="https://klmitwirkung.kaiserslautern.de/wfs">'
            f'<wfs:Query typeNames="app:stadtteile">{fes}</wfs:Query></wfs:GetFeature>'
        )
        response = client.post("/wfs/", xml, content_type="application/xml")
        assert response.status_code == 200, body(response)
        assert features(response) == 18


@pytest.mark.parametrize(
    "query",
    [
        {"BBOX": "nan,1,2,3"},
        {"BBOX": f"-inf,-1,1,1,{UTM32_URN}"},
        {"BBOX": "1,2,3"},
        {"BBOX": "8,49,7,50,EPSG:4326"},
        {"BBOX": "1,2,3,4,urn:ogc:def:crs:EPSG::kaputt"},
        {"FILTER": envelope_filter("nan 0", "1 1")},
        {"FILTER": envelope_filter("-Infinity 0", "1 1")},
        {"FILTER": envelope_filter("eins zwei", "1 1")},
    ],
)
def test_wfs_refuses_non_finite_or_malformed_numbers(client, query):
    response = client.get("/wfs/", {**GET_FEATURE, **query})
    assert response.status_code == 400
    assert "ExceptionReport" in body(response)


@pytest.mark.parametrize("bbox_crs", [EPSG_25832, None])
def test_ogc_bbox_of_huge_size_is_clamped(client, bbox_crs):
    query = {"bbox": "-1e9,-1e9,1e9,1e9", "limit": 1}
    if bbox_crs:
        query["bbox-crs"] = bbox_crs
    response = client.get("/ogc/collections/stadtteile/items", query)
    assert response.status_code == 200
    assert response.json()["numberMatched"] == 18


def test_ogc_bbox_with_infinity_is_refused(client):
    response = client.get("/ogc/collections/stadtteile/items", {"bbox": "-inf,0,1,1", "bbox-crs": EPSG_25832})
    assert response.status_code == 400
    assert "endliche" in response.json()["description"]


@pytest.mark.parametrize(
    "query",
    [
        {"TYPENAMES": "xyz:ideen"},
        {"RESOURCEID": ""},
        {"RESOURCEID": "stadtteile"},
        {"PROPERTYNAME": ""},
        {"FILTER": f"<fes:Filter {NAMESPACES}></fes:Filter>"},
    ],
)
def test_wfs_malformed_requests_are_exception_reports(client, query):
    response = client.get("/wfs/", {**GET_FEATURE, **query})
    assert response.status_code == 400
    assert "ExceptionReport" in body(response)


def test_wfs_post_with_doctype_is_refused(client):
    xml = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><wfs:GetFeature service="WFS" version="2.0.0" '
        'xmlns:wfs="http://www.opengis.net/wfs/2.0"><wfs:Query typeNames="app:stadtteile"/></wfs:GetFeature>'
    )
    response = client.post("/wfs/", xml, content_type="application/xml")
    assert response.status_code == 400
    assert "DOCTYPE" in body(response)
