"""Error pages in the site's layout and language; a database outage answers 503 with Retry-After and the
site recovers by itself once the database is back."""

import pytest
from django.db import connection
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_wrong_address_gets_the_site_layout_in_german_with_ways_on(anonymous):
    response = anonymous.get("/gibt-es-nicht/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="de">' in html
    assert "Seite nicht gefunden" in html
    assert 'class="site-header"' in html
    assert 'href="/ideen/"' in html


@pytest.mark.django_db
def test_the_same_in_english(anonymous):
    anonymous.cookies["django_language"] = "en"
    html = anonymous.get("/gibt-es-nicht/").content.decode()
    assert '<html lang="en">' in html
    assert "Page not found" in html


@pytest.mark.django_db
def test_a_citizen_on_a_staff_page_gets_403_in_the_layout(client):
    client.force_login(UserFactory())
    response = client.get("/verwaltung/")
    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()


@pytest.fixture
def database_down(transactional_db, monkeypatch):
    """Point the connection at a closed port: every query fails as in a real outage."""
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    yield monkeypatch
    connection.close()


def test_a_database_outage_is_a_503_page_for_people_and_json_for_the_api(anonymous, database_down):
    page = anonymous.get("/vorhaben/")
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "Vorübergehend nicht erreichbar" in page.content.decode()

    api = anonymous.get("/api/v1/districts/")
    assert api.status_code == 503
    assert api["Retry-After"] == "30"
    assert "Datenbank" in api.json()["detail"]

    database_down.undo()  # the database is back: the next request opens a new connection
    connection.close()
    assert anonymous.get("/vorhaben/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"--x\r\nkaputt", "multipart/form-data"),  # no boundary
        ("&".join(f"f{i}=1" for i in range(2000)).encode(), "application/x-www-form-urlencoded"),  # too many fields
    ],
    ids=["multipart-without-boundary", "too-many-fields"],
)
def test_a_broken_form_body_gets_a_400_page_in_german(anonymous, body, content_type):
    anonymous.force_login(UserFactory())
    response = anonymous.generic("POST", "/ideen/neu/", body, content_type=content_type)
    html = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="de">' in html
    assert "Ungültige Anfrage" in html
    assert 'class="site-header"' in html
