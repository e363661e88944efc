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

    # The pages say in place why the numbers do not add up (issue #23, item 4).
    project = lane.layer.project.slug
    for url in (f"/vorhaben/{project}/rueckmeldungen/objekt/{lane.pk}/", f"/vorhaben/{project}/rueckmeldungen/"):
        assert "Warum die Zahlen nicht genau aufgehen" in client.get(url).content.decode(), url


def test_opinions_by_stadtteil_suppress_small_groups(lane):
    feedback_on(lane, "+++")
    ((name, opinions),) = selectors.opinions_by_stadtteil(project=lane.layer.project)
    assert name == "Innenstadt-Ost"  # where the lane's representative point lies
    assert opinions.total == 3
    assert opinions.shares is None


def test_map_class_in_sql_equals_the_class_of_the_pages(db):
    """The map draws each feature in the colour of feedback_class (SQL); the lists and the legend use
    styling.balance_class (Python): both must give every feature the same class, boundaries included."""
    from itertools import product

    from feedback.styling import balance_class, balance_class_sql

    counts = (0, 1, 3, 5, 6, 8, 12, 30)
    keys = (0, 9973, 40000, 65535)
    cases = [
        (d, n, g, dk, nk, gk)
        for d, n, g in product(counts, repeat=3)
        for dk, nk, gk in [(keys[0], keys[1], keys[2]), (keys[3], keys[0], keys[1]), (keys[2], keys[3], keys[0])]
    ]
    values = ", ".join(f"({d}, {n}, {g}, {dk}, {nk}, {gk})" for d, n, g, dk, nk, gk in cases)

    def raw(sql):
        return RawSQL(sql, [], IntegerField())  # noqa: S611 (the test's own column names, no input)

    modulus = policy.KEY_MODULUS
    published = {
        "dafuer": disclosure.published_sql(raw("v.d"), raw("v.dk")),
        "neutral": disclosure.published_sql(raw("v.n"), raw("v.nk")),
        "dagegen": disclosure.published_sql(raw("v.g"), raw("v.gk")),
        "total": disclosure.published_sql(raw("v.d + v.n + v.g"), raw(f"mod(v.dk + v.nk + v.gk, {modulus})")),
    }
    expression = balance_class_sql(raw("v.d + v.n + v.g"), published)
    query = Feedback.objects.all().query
    sql, params = expression.resolve_expression(query).as_sql(query.get_compiler("default"), connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql} FROM (VALUES {values}) v(d, n, g, dk, nk, gk)", params)  # noqa: S608
        got = [row[0] for row in cursor.fetchall()]
    expected = [
        balance_class(disclosure.opinions({"dafuer": (d, dk), "neutral": (n, nk), "dagegen": (g, gk)}))
        for d, n, g, dk, nk, gk in cases
    ]
    assert len(got) == len(cases)
    assert [c for c, a, b in zip(cases, got, expected, strict=True) if a != b] == []
    assert set(expected) == {"none", "few", "pro", "mixed", "contra"}  # every class met
