"""WFS requests a client gets wrong are OGC exception reports (4xx), never a server error; POST passes the
same checks as GET (issue 21, hole 5)."""

import pytest

pytestmark = pytest.mark.django_db

NS = 'xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:app="https://klmitwirkung.kaiserslautern.de/wfs"'


def _post(client, attributes: str, service: str = "WFS"):
    query = '<wfs:Query typeNames="app:stadtteile"/>'
    body = f'<wfs:GetFeature service="{service}" version="2.0.0" {NS} {attributes}>{query}</wfs:GetFeature>'
    return client.post("/wfs/", body, content_type="application/xml")


def _is_exception_report(response, status: int = 400) -> str:
    assert response.status_code == status, response.content[:400]
    text = response.content.decode()
    assert "ExceptionReport" in text
    return text


@pytest.mark.parametrize("service", ["wfs", "Wfs"])
def test_get_capabilities_takes_the_service_name_in_any_case(client, stadtteile, service):
    response = client.get("/wfs/", {"service": service, "request": "GetCapabilities"})
    assert response.status_code == 200
    assert "<Name>app:stadtteile</Name>" in response.content.decode()


def test_a_bbox_in_an_unknown_crs_is_a_client_error(client, stadtteile):
    params = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": "app:stadtteile",
              "BBOX": "1,2,3,4,urn:ogc:def:crs:EPSG::999999"}  # fmt: skip
    text = _is_exception_report(client.get("/wfs/", params))
    assert "999999" in text


@pytest.mark.parametrize(
    "attributes",
    ['count="-1"', 'count="abc"', 'startIndex="99999999999999999999999"', 'startIndex="-5"', 'count="NaN"'],
)
def test_post_get_feature_checks_paging_like_get(client, stadtteile, attributes):
    text = _is_exception_report(_post(client, attributes))
    assert "ganze Zahl" in text


def test_post_get_feature_within_the_limits_answers(client, stadtteile):
    response = _post(client, 'count="2" startIndex="1"')
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert body.count("<app:stadtteile ") == 2


def test_post_with_another_service_name_is_a_client_error(client, stadtteile):
    text = _is_exception_report(_post(client, "", service="wfs"))
    assert "WFS" in text


def test_get_feature_pages_without_counting_every_match(client, stadtteile):
    """numberMatched="unknown" and a next link found by one row more: no COUNT over the whole dataset."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": "app:stadtteile",
              "COUNT": "5"}  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/wfs/", params)
        text = response.getvalue().decode()  # streamed: the queries run while it is read
    assert response.status_code == 200
    assert 'numberMatched="unknown"' in text
    assert 'numberReturned="5"' in text
    assert "STARTINDEX=5" in text.upper()  # the next page's link
    assert not [q["sql"] for q in queries if "__count" in q["sql"]]  # Django's .count()
    last = client.get("/wfs/", {**params, "STARTINDEX": "15"}).getvalue().decode()
    assert 'numberReturned="3"' in last  # 18 Stadtteile
    assert "STARTINDEX=20" not in last.upper()
