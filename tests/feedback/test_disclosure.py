"""Feedback's numbers follow geo's disclosure policy: the SQL form equals geo.disclosure.publish, and small
groups of opinions are suppressed on the API, the map GeoJSON, the GIS dataset and the pages."""

from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

from feedback import disclosure, selectors
from feedback.models import Feedback
from geo import disclosure as policy
from tests.feedback.factories import feedback_on


def test_sql_form_equals_the_policy(db):
    cases = [(n, key) for n in (0, 1, 4, 5, 6, 9, 40, 1000) for key in range(0, 65536, 997)]
    values = ", ".join(f"({n}, {key})" for n, key in cases)
    query = Feedback.objects.all().query
    published = disclosure.published_sql(RawSQL("v.n", [], IntegerField()), RawSQL("v.k", [], IntegerField()))
    sql, params = published.resolve_expression(query).as_sql(query.get_compiler("default"), connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT v.n, v.k, {sql} FROM (VALUES {values}) v(n, k)", params)  # noqa: S608 (test data)
        rows = cursor.fetchall()
    wrong = [(n, k, got) for n, k, got in rows if got != policy.publish(n, k).count]
    assert len(rows) == len(cases)
    assert wrong == []


def test_small_opinion_groups_are_suppressed_everywhere(client, lane):
    feedback_on(lane, "++++++--")  # 6 in favour, 2 against
    opinions = selectors.feature_opinions(feature=lane)
    assert opinions.total == 8
    assert opinions.cells["dagegen"].suppressed
    assert opinions.cells["neutral"].suppressed  # zero: withheld like 1 to 5
    assert 6 <= opinions.cells["dafuer"].count <= 8
    assert opinions.shares["dagegen"] is None

    props = client.get(f"/api/v1/layers/{lane.layer_id}/features/").json()["features"][0]["properties"]
    assert props["feedback_count"] == 8
    assert props["dagegen"] is None
    assert props["neutral"] is None
    assert props["dafuer"] == opinions.cells["dafuer"].count  # SQL and Python publish the same number

    body = client.get("/ogc/collections/rueckmeldungen-objekte-linien/items").json()
    (row,) = [f["properties"] for f in body["features"] if f["id"] == lane.pk]
    assert row["anteil_dagegen"] is None
    assert row["anteil_dafuer"] == opinions.shares["dafuer"]

    api = client.get(f"/api/v1/layers/{lane.layer_id}/features/{lane.pk}/feedback/").json()["opinions"]
    assert api["counts"]["dagegen"] is None
    assert api["disclosure"]["method"] == "cell-key"


def test_opinions_by_stadtteil_suppress_small_groups(lane):
    feedback_on(lane, "+++")
    ((name, opinions),) = selectors.opinions_by_stadtteil(project=lane.layer.project)
    assert name == "Innenstadt-Ost"  # where the lane's representative point lies
    assert opinions.total == 3
    assert opinions.shares is None
