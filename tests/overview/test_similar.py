import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from geo.models import Stadtteil
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db
URL = reverse("api:idea-similar")


@pytest.fixture
def ideas():
    far = Stadtteil.objects.get(number=1).label_point
    return {
        "radweg": IdeaFactory(title="Radweg an der Mannheimer Straße verbreitern", location=far),
        "bank": IdeaFactory(title="Sitzbänke am Stiftsplatz", location=Point(7.7689, 49.4447, srid=4326)),
        "hidden": IdeaFactory(title="Radweg zur Uni beleuchten", visibility="pending", location=far),
        "baum": IdeaFactory(title="Bäume pflanzen", location=far),
    }


def test_an_idea_with_the_same_words_comes_first(client, ideas):
    found = client.get(URL, {"title": "Breiterer Radweg", "text": "Die Radwege sind zu schmal."}).json()
    assert [i["id"] for i in found] == [ideas["radweg"].pk]  # the pending one is not published
    assert found[0]["support_url"].endswith(f"/{ideas['radweg'].pk}/unterstuetzen/")
    assert found[0]["shares_words"] is True


def test_an_idea_nearby_is_found_without_shared_words(client, ideas):
    found = client.get(URL, {"title": "Mülleimer", "lon": 7.7690, "lat": 49.4448}).json()
    assert found[0]["id"] == ideas["bank"].pk
    assert found[0]["distance_m"] < 20


def test_bad_input_is_a_400_or_nothing_never_a_500(client, ideas):
    assert client.get(URL).json() == []
    assert client.get(URL, {"title": "🚲🚲", "text": "12345 ٣٤"}).json() == []
    # Control characters are refused at the request edge, with a JSON body.
    refused = client.get(URL, {"title": "Rad\x01weg"})
    assert refused.status_code == 400
    assert "detail" in refused.json()
    assert client.get(URL, {"title": "x" * 121}).status_code == 400
    assert client.get(URL, {"lon": "abc", "lat": 49.4}).status_code == 400
    assert client.get(URL, {"lon": 500, "lat": 49.4}).status_code == 400
    assert client.get(URL, {"lon": 7.7}).status_code == 400
    assert client.get(URL, {"title": "Radweg | & ! ( ) :* <->"}).status_code == 200


def test_the_idea_form_offers_the_lookup_without_depending_on_it(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("proposals:create")).content.decode()
    assert f'data-similar-url="{URL}"' in page
    assert "js/idea-similar.js" in page
    # The list starts hidden and outside the submit path: the form submits as before.
    assert page.index("similar-ideas") < page.index('type="submit" class="primary"')


def test_a_word_in_most_titles_is_left_out_of_the_lookup(client, stadtteile):
    from django.db import connection

    from overview import similar

    far = Stadtteil.objects.get(number=1).label_point
    for n in range(120):
        IdeaFactory(title=f"Idee {n} für die Stadt", location=far)
    fountain = IdeaFactory(title="Idee Trinkbrunnen am Markt", location=far)
    similar._common["until"] = 0.0
    assert similar.telling_words(["idee", "trinkbrunnen"]) == ["idee", "trinkbrunnen"]  # no statistics yet
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE proposals_idea")
    similar._common["until"] = 0.0
    assert "ide" in similar.common_lexemes()  # the German stem of "Idee", in every title
    assert similar.telling_words(["idee", "trinkbrunnen"]) == ["trinkbrunnen"]
    found = client.get(URL, {"title": "Idee: ein Trinkbrunnen"}).json()
    assert [i["id"] for i in found] == [fountain.pk]
    assert client.get(URL, {"title": "Idee"}).json() == []  # nothing left to tell ideas apart, no place
    similar._common["until"] = 0.0


def test_the_text_candidates_come_from_the_title_index_by_themselves(client, stadtteile):
    """At a million ideas the planner misjudged how many titles match four rare words and walked a btree through
    every published idea (2.6 s); the text candidates are a statement of their own with plain index scans off."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    far = Stadtteil.objects.get(number=1).label_point
    for n in range(200):
        IdeaFactory(title=f"Idee {n} für die Stadt", location=far)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE proposals_idea")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"title": "Radweg an der Kreuzung", "text": "Er endet plötzlich."}).json() == []
    text = [q["sql"] for q in queries.captured_queries if "to_tsquery" in q["sql"] and "WITH q" not in q["sql"]]
    assert len(text) == 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + text[0])
        plan = "\n".join(row for (row,) in cursor.fetchall())
    assert "Bitmap Index Scan on overview_idea_title_german" in plan, plan
