import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from geo.models import Stadtteil

pytestmark = pytest.mark.django_db


def _script_sources(html: str) -> list[str]:
    return re.findall(r'<script[^>]+src="([^"]+)"', html)


def test_home_lists_every_stadtteil_and_has_a_map(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-stadtteil=") == 18
    for stadtteil in Stadtteil.objects.all():
        assert stadtteil.get_absolute_url() in html
    assert 'data-geojson-url="/api/v1/districts/"' in html
    assert 'lang="de"' in html
    assert all(src.startswith("/static/") for src in _script_sources(html))


def test_home_shows_the_data_attribution(client):
    html = client.get("/").content.decode()
    assert "Stadtverwaltung Kaiserslautern" in html
    assert "OpenStreetMap-Mitwirkende" in html
    sources = client.get(reverse("geo:data_sources")).content.decode()
    assert "Open Database License" in sources


def test_stadtteil_page(client):
    response = client.get(reverse("stadtteil", kwargs={"slug": "moelschbach"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Mölschbach</h1>" in html
    assert "1.170" in html  # population, German thousands separator
    assert "8,87 km²" in html
    assert 'id="stadtteil-outline"' in html
    assert client.get(reverse("stadtteil", kwargs={"slug": "gibt-es-nicht"})).status_code == 404


def test_pages_in_english(client):
    response = client.get("/", headers={"accept-language": "en"})
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Districts" in html


def test_admin_map_widget_loads_no_external_script(client):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw-geheim-123")
    client.force_login(admin)
    stadtteil = Stadtteil.objects.get(number=1)
    response = client.get(reverse("admin:geo_stadtteil_change", args=[stadtteil.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "leaflet" in html
    sources = _script_sources(html)
    assert sources
    assert all(src.startswith("/") and not src.startswith("//") for src in sources), sources


def test_home_lists_the_innenstadt_first_then_the_ortsbezirke_by_number(client):
    html = client.get("/").content.decode()
    positions = [html.index(f'data-stadtteil="{n}"') for n in range(1, 19)]
    assert positions == sorted(positions)
    assert "11.442" in html  # population of Innenstadt-Ost, German thousands separator
