"""OGC API – Features Part 3 on /ogc: queryables, property filters, CQL2 text, and no parameter ignored."""

import pytest

from proposals.categories import ensure_default_categories
from proposals.models import Category
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db
ITEMS = "/ogc/collections/ideen/items"


@pytest.fixture
def ideas(stadtteile):
    if not Category.objects.exists():
        ensure_default_categories(Category)
    verkehr, gruen = Category.objects.get(slug="verkehr"), Category.objects.get(slug="gruen")
    return {
        "radweg": IdeaFactory(title="Radweg Pfaffplatz", category=verkehr, support_count=12),
        "ampel": IdeaFactory(title="Ampel am Bahnhof", category=verkehr, support_count=2, stadtteil=stadtteile[14]),
        "baum": IdeaFactory(title="Bäume im Volkspark", category=gruen, support_count=7),
    }


def _titles(client, **params) -> set[str]:
    response = client.get(ITEMS, params)
    assert response.status_code == 200, response.content
    return {f["properties"]["titel"] for f in response.json()["features"]}


@pytest.mark.parametrize(
    "params",
    [{"kategorie": "Verkehr", "kategory": "Verkehr"}, {"sortby": "titel"}, {"geometry": "POINT(7 49)"},
     {"filter-lang": "cql2-json"}, {"filter": "titel = 'x'", "filter-lang": "ecql"}],
)  # fmt: skip
def test_an_unknown_parameter_is_refused_not_ignored(client, ideas, params):
    response = client.get(ITEMS, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidParameterValue"
    named = body["description"].split(";")[0]  # the refused parameter, before the list of possible ones
    assert any(name in named for name in params if name != "kategorie")


@pytest.mark.parametrize(
    "path",
    ["/ogc/", "/ogc/conformance", "/ogc/collections", "/ogc/collections/ideen", "/ogc/collections/ideen/queryables",
     f"{ITEMS}/{{pk}}"],
)  # fmt: skip
def test_every_endpoint_refuses_an_unknown_parameter(client, ideas, path):
    """Part 1, /req/core/query-param-unknown, on the landing page, conformance, collections and one item too."""
    path = path.format(pk=ideas["baum"].pk)
    assert client.get(path, {"f": "json"}).status_code == 200
    response = client.get(path, {"kategorie": "Verkehr"}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameterValue"
    assert response.json()["description"].startswith("Unknown parameters: kategorie; possible are: ")


def test_queryables_are_a_json_schema_of_the_plain_attributes(client, ideas):
    response = client.get("/ogc/collections/ideen/queryables")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    schema = response.json()
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    properties = schema["properties"]
    assert properties["kategorie"]["type"] == "string"
    assert properties["unterstuetzungen"]["type"] == "integer"
    assert properties["eingereicht_am"] == {"title": "eingereicht_am", "type": "string", "format": "date-time"}
    assert properties["geometry"]["format"] == "geometry-point"
    assert "status" not in properties  # a label computed in SQL: published, not filterable
    collection = client.get("/ogc/collections/ideen").json()
    assert any(link["href"].endswith("/ogc/collections/ideen/queryables") for link in collection["links"])
    assert client.get("/ogc/collections/gibtsnicht/queryables").status_code == 404


def test_conformance_declares_filter_and_queryables(client):
    conformance = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter" in conformance
    assert "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables" in conformance
    assert "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text" in conformance


def test_a_property_filter_filters(client, ideas):
    assert _titles(client, kategorie="Verkehr") == {"Radweg Pfaffplatz", "Ampel am Bahnhof"}
    assert _titles(client, kategorie="Verkehr", stadtteil_nr=14) == {"Ampel am Bahnhof"}
    assert _titles(client, kategorie="Gibtsnicht") == set()
    bad = client.get(ITEMS, {"unterstuetzungen": "viele"})
    assert bad.status_code == 400
    assert "unterstuetzungen" in bad.json()["description"]


@pytest.mark.parametrize(
    ("cql", "titles"),
    [
        ("kategorie='Verkehr'", {"Radweg Pfaffplatz", "Ampel am Bahnhof"}),
        ("kategorie = 'Verkehr' AND unterstuetzungen > 5", {"Radweg Pfaffplatz"}),
        ("NOT (kategorie = 'Verkehr')", {"Bäume im Volkspark"}),
        ("titel LIKE 'Ra%' OR unterstuetzungen BETWEEN 5 AND 8", {"Radweg Pfaffplatz", "Bäume im Volkspark"}),
        ("titel = 'Ampel am Bahnhof' OR (kategorie = 'Verkehr' AND unterstuetzungen > 5)",
         {"Ampel am Bahnhof", "Radweg Pfaffplatz"}),
        ("unterstuetzungen IN (2, 7)", {"Ampel am Bahnhof", "Bäume im Volkspark"}),
        ("beantwortet_am IS NULL AND stadtteil_nr <> 14", {"Radweg Pfaffplatz", "Bäume im Volkspark"}),
        # Stadtteil 14 is Mölschbach, in the south-west; the polygon covers it and not the Innenstadt.
        ("S_INTERSECTS(geometry, POLYGON((7.76 49.33, 7.86 49.33, 7.86 49.40, 7.76 49.40, 7.76 49.33)))",
         {"Ampel am Bahnhof"}),
    ],
)  # fmt: skip
def test_a_cql2_text_filter_filters(client, ideas, cql, titles):
    assert _titles(client, filter=cql, **{"filter-lang": "cql2-text"}) == titles


def test_a_filter_without_filter_lang_is_cql2_text(client, ideas):
    assert _titles(client, filter="unterstuetzungen >= 7") == {"Radweg Pfaffplatz", "Bäume im Volkspark"}


@pytest.mark.parametrize(
    ("cql", "says"),
    [
        ("kategorie = ", "CQL2"),
        ("titel = 'Ampel am Bahnhof' OR kategorie = 'Verkehr' AND unterstuetzungen > 5", "Klammern"),
        ("autor = 'Max'", "autor"),
        ("unterstuetzungen > 'viele'", "viele"),
        ("unterstuetzungen + 1 > 2", "filter"),
        ("(" * 40 + "unterstuetzungen > 1" + ")" * 40, "verschachtelt"),
        (" OR ".join(["unterstuetzungen = 1"] * 150), "lang"),
        ("titel = '" + "x" * 3000 + "'", "lang"),
        ("S_INTERSECTS(geometry, POLYGON((7 49, 8 50, 8 49, 7 50, 7 49)))", "ungültig"),
        ("S_INTERSECTS(titel, POINT(7 49))", "S_INTERSECTS"),
        ("titel = unterstuetzungen", "Wert"),
        ("geometry = 'x'", "S_INTERSECTS"),
    ],
)
def test_a_bad_filter_is_a_400_with_a_message(client, ideas, cql, says):
    response = client.get(ITEMS, {"filter": cql})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidParameterValue"
    assert says in body["description"]
    assert body["description"].startswith("filter")
