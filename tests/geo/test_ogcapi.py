import base64

import pytest

from accounts.roles import Role
from geo.ogcapi import CRS84, EPSG_4326, EPSG_25832
from tests.factories import UserFactory, api_key

pytestmark = pytest.mark.django_db


def test_landing_conformance_and_collections(client):
    landing = client.get("/ogc/").json()
    assert {link["rel"] for link in landing["links"]} >= {"self", "conformance", "data"}
    conformance = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conformance
    collections = client.get("/ogc/collections").json()["collections"]
    stadtteile = next(c for c in collections if c["id"] == "stadtteile")
    assert EPSG_25832 in stadtteile["crs"]
    xmin, ymin, xmax, ymax = stadtteile["extent"]["spatial"]["bbox"][0]
    assert 7.6 < xmin < xmax < 7.9
    assert 49.3 < ymin < ymax < 49.5


def test_items_page_through_with_next_links(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        page = client.get("/ogc/collections/stadtteile/items", {"limit": 5})
    assert page["Content-Type"] == "application/geo+json"
    assert page["Content-Crs"] == f"<{CRS84}>"
    body = page.json()
    assert body["numberMatched"] == 18
    assert body["numberReturned"] == 5
    seen = [f["properties"]["nummer"] for f in body["features"]]
    while next_link := next((link["href"] for link in body["links"] if link["rel"] == "next"), None):
        assert "after=" in next_link  # by key, not by offset: a deep page costs what the first does
        assert "offset=" not in next_link
        body = client.get(next_link).json()
        seen += [f["properties"]["nummer"] for f in body["features"]]
    assert sorted(seen) == list(range(1, 19))
    assert len(seen) == 18  # no feature twice


@pytest.mark.parametrize(
    ("params", "rows"),
    [
        ({"offset": 5, "limit": 4}, slice(5, 9)),
        ({"offset": 16, "limit": 4}, slice(16, 18)),
        ({"offset": 18}, slice(0, 0)),
        ({"offset": 400}, slice(0, 0)),
        ({"after": 2, "offset": 2, "limit": 3}, slice(5, 8)),  # after the third, skip two
        ({"bbox": "7.6,49.35,7.95,49.52", "offset": 17}, slice(17, 18)),
    ],
)
def test_items_by_offset(client, stadtteile, params, rows):
    """A deep offset is answered from the key of its row; the page is the one plain OFFSET would give."""
    in_id_order = sorted(stadtteile.values(), key=lambda s: s.pk)
    if "after" in params:
        params = {**params, "after": in_id_order[params["after"]].pk}
    body = client.get("/ogc/collections/stadtteile/items", params).json()
    assert [f["properties"]["nummer"] for f in body["features"]] == [s.number for s in in_id_order[rows]]


def test_items_in_a_bbox_and_in_utm32(client):
    body = client.get(
        "/ogc/collections/stadtteile/items", {"bbox": "7.80,49.37,7.82,49.39", "crs": EPSG_25832}
    ).json()  # fmt: skip
    assert "Mölschbach" in {f["properties"]["name"] for f in body["features"]}
    x, y = body["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 400_000 < x < 430_000
    assert 5_460_000 < y < 5_490_000


def test_epsg_4326_is_latitude_first(client, stadtteile):
    url = f"/ogc/collections/stadtteile/items/{stadtteile[1].pk}"
    lon_first = client.get(url).json()["geometry"]["coordinates"][0][0][0]
    lat_first = client.get(url, {"crs": EPSG_4326}).json()
    assert lat_first["geometry"]["coordinates"][0][0][0] == pytest.approx(list(reversed(lon_first)))
    assert lat_first["properties"]["nummer"] == 1


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 10_001}, {"limit": "viele"}, {"offset": -1}, {"bbox": "7,49"}, {"bbox": "a,b,c,d"},
     {"crs": "EPSG:3857"}, {"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/3857", "bbox": "1,2,3,4"},
     {"bbox-crs": EPSG_25832, "bbox": "1,2,nan,4"}, {"datetime": "gestern"},
     {"datetime": "2026-01-01/.."}],
)  # fmt: skip
def test_bad_item_requests_get_an_ogc_exception(client, params):
    response = client.get("/ogc/collections/stadtteile/items", params)
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameterValue"
    assert response.json()["description"]


def test_unknown_collections_and_items_are_404(client):
    assert client.get("/ogc/collections/gibtsnicht").status_code == 404
    assert client.get("/ogc/collections/stadtteile/items/999999").json()["code"] == "NotFound"
    assert client.get("/ogc/collections/stadtteile/items/abc").status_code == 404


def _token(role=Role.PLANNER):
    return api_key(UserFactory(roles=[role] if role else []))


def test_staff_only_collections_are_invisible_without_a_staff_token(client, staff_only_dataset):
    ids = [c["id"] for c in client.get("/ogc/collections").json()["collections"]]
    assert "intern" not in ids
    assert client.get("/ogc/collections/intern").status_code == 404
    assert client.get("/ogc/collections/intern/items").status_code == 404
    citizen = _token(role=None)
    assert client.get("/ogc/collections/intern/items", headers={"authorization": f"Token {citizen}"}).status_code == 404
    assert client.get("/ogc/collections/intern/items", headers={"authorization": "Token falsch"}).status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_staff_see_staff_only_collections_with_token_or_basic_auth(client, staff_only_dataset, role):
    user = UserFactory(roles=[role])
    key = api_key(user)
    by_token = client.get("/ogc/collections/intern/items", headers={"authorization": f"Token {key}"})
    assert by_token.json()["numberMatched"] == 18
    basic = base64.b64encode(f"{user.username}:{key}".encode()).decode()
    listed = client.get("/ogc/collections", headers={"authorization": f"Basic {basic}"}).json()["collections"]
    assert "intern" in [c["id"] for c in listed]
    wrong_user = base64.b64encode(f"someone:{key}".encode()).decode()
    assert client.get("/ogc/collections/intern", headers={"authorization": f"Basic {wrong_user}"}).status_code == 404


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/ogc/collections/stadtteile/items", {"datetime": "2024-13-01T00:00:00Z"}, 400),
        ("/ogc/collections/stadtteile/items", {"offset": "99999999999999999999999"}, 400),
        ("/ogc/collections/ideen/items", {"datetime": "2024-02-30"}, 400),
        ("/ogc/collections/stadtteile/items/99999999999999999999", {}, 404),
        ("/ogc/collections/stadtteile/items/²", {}, 404),
    ],
)
def test_impossible_values_are_client_errors_not_500(client, path, params, status):
    response = client.get(path, params)
    assert response.status_code == status
    assert response.json()["code"] in {"InvalidParameterValue", "NotFound"}


def test_a_filter_value_beyond_the_column_range_matches_nothing(client):
    body = client.get("/ogc/collections/stadtteile/items", {"stadtteil": "99999999999999999999"}).json()
    assert body["numberMatched"] == 0
    assert body["features"] == []


def test_bbox_in_utm32_as_qgis_sends_it(client):
    around_moelschbach = "412500,5469500,414500,5471000"  # EPSG:25832
    body = client.get(
        "/ogc/collections/stadtteile/items", {"bbox": around_moelschbach, "bbox-crs": EPSG_25832}
    ).json()  # fmt: skip
    assert "Mölschbach" in {f["properties"]["name"] for f in body["features"]}
    assert len(body["features"]) < 18


def test_head_requests_and_service_description(client):
    assert client.head("/ogc/collections").status_code == 200
    rels = {link["rel"] for link in client.get("/ogc/").json()["links"]}
    assert {"service-desc", "service-doc"} <= rels


def test_junk_in_the_authorization_header_is_just_anonymous(client):
    junk = base64.b64encode(b"a:\x00x").decode()
    assert client.get("/ogc/collections", headers={"authorization": f"Basic {junk}"}).status_code == 200
    assert client.get("/ogc/collections", headers={"authorization": "Token \x00"}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"BBOX": "nan,1,2,3"},
        {"BBOX": "a,b,c,d"},
        {"STARTINDEX": "99999999999999999999999"},
        {"COUNT": "-1"},
        {"COUNT": "²"},
        {"COUNT": "9" * 5000},  # int() refuses more than 4300 digits with a ValueError
    ],
)
def test_wfs_refuses_bad_numbers_with_an_ows_exception(client, params):
    query = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": "stadtteile", **params}
    response = client.get("/wfs/", query)
    assert response.status_code == 400
    assert b"InvalidParameterValue" in response.content
