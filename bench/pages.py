"""The page budget (`make bench`, on the scale data set): every main page and endpoint over HTTP with its
p50/p95 and query count, and where a page is one main statement, that bare SQL as its floor in the same run.

Budgets (issue 12): public pages and API p95 < 200 ms warm; staff pages and dashboard p95 < 300 ms warm.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.db import connection

from accounts.models import User
from accounts.roles import Role
from bench.http import Site, Timing, measure_sql, print_table

CITY_BBOX = "7.60,49.35,7.95,49.55"

# The floors: the statement that carries each page, written by hand without the ORM or the view.
NEWEST_IDEAS = """
SELECT i.id, i.title, c.name, s.name FROM proposals_idea i JOIN proposals_category c ON c.id = i.category_id
JOIN geo_stadtteil s ON s.id = i.stadtteil_id
WHERE i.visibility = 'published' ORDER BY i.created_at DESC, i.id DESC LIMIT 20
"""
IDEAS_PAGE_GEOJSON = """
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
    'type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON(t.location, 6)::json,
    'properties', json_build_object('id', t.id, 'title', t.title, 'category_slug', t.slug, 'category_name', t.name,
        'color', t.color, 'status', t.status, 'stadtteil_name', t.stadtteil, 'support_count', t.support_count,
        'comment_count', t.comment_count, 'url', '/ideen/' || t.id || '/')
) ORDER BY t.created_at DESC, t.id DESC), '[]'::json))::text
FROM (
    SELECT i.id, i.title, i.location, i.status, i.support_count, i.comment_count, i.created_at, c.slug, c.name,
           c.color, s.name AS stadtteil
    FROM proposals_idea i JOIN proposals_category c ON c.id = i.category_id
    JOIN geo_stadtteil s ON s.id = i.stadtteil_id
    WHERE i.visibility = 'published' {after} ORDER BY i.created_at DESC, i.id DESC LIMIT 1000
) t
"""
AFTER = "AND (i.created_at, i.id) < (SELECT created_at, id FROM proposals_idea WHERE id = %s)"
OGC_PAGE = """
SELECT json_agg(json_build_object('type', 'Feature', 'id', i.id, 'geometry', ST_AsGeoJSON(i.location, 7)::json,
       'properties', json_build_object('titel', i.title, 'status', i.status)))::text
FROM (SELECT id, title, status, location FROM proposals_idea WHERE visibility = 'published' AND id > %s
      ORDER BY id LIMIT 1000) i
"""
PENDING = """
SELECT i.id, i.title, ST_AsSVG(ST_Transform(i.location, 25832), 0, 0) FROM proposals_idea i
WHERE i.visibility = 'pending' ORDER BY i.created_at, i.id LIMIT 20
"""


def staff_session() -> str:
    user, _ = User.objects.get_or_create(username="bench-staff", defaults={"email": "bench-staff@example.org"})
    user.groups.set(Group.objects.filter(name__in=[r.value for r in Role]))
    return user_session(user)


def user_session(user: User) -> str:
    """The key of a signed-in session of the user, as the server reads it."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()  # the server's (Redis when set)
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _one(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def run() -> None:
    ideas = _one("SELECT count(*) FROM proposals_idea")[0]
    if ideas < 100_000:
        print(f"The page budget wants the scale data set (make bench-data); this database has {ideas:,} ideas.")
        return
    idea_id = _one("SELECT id FROM proposals_idea WHERE visibility = 'published' ORDER BY id DESC LIMIT 1")[0]
    deep_key = _one(
        "SELECT id FROM proposals_idea WHERE visibility = 'published' "
        "ORDER BY created_at DESC, id DESC OFFSET 500000 LIMIT 1"
    )[0]
    ogc_deep = _one("SELECT id FROM proposals_idea WHERE visibility = 'published' ORDER BY id OFFSET 500000 LIMIT 1")[0]
    project = _one("SELECT slug FROM layers_project ORDER BY id LIMIT 1")[0]
    survey = _one("SELECT slug FROM surveys_survey WHERE closes_at < now() ORDER BY id LIMIT 1")[0]
    cookie = staff_session()

    public = [
        ("/", None),
        ("/ideen/", (NEWEST_IDEAS, None)),
        ("/ideen/?seite=400", None),
        ("/ideen/?district=5", None),
        (f"/ideen/{idea_id}/", None),
        ("/vorhaben/", None),
        (f"/vorhaben/{project}/", None),
        ("/umfragen/", None),
        (f"/ergebnisse/umfragen/{survey}/", None),
        ("/api/v1/ideas/?limit=1000", (IDEAS_PAGE_GEOJSON.format(after=""), None)),
        (f"/api/v1/ideas/?limit=1000&after={deep_key}", (IDEAS_PAGE_GEOJSON.format(after=AFTER), [deep_key])),
        (f"/api/v1/ideas/clusters/?bbox={CITY_BBOX}&zoom=12", None),
        ("/ogc/collections/ideen/items?limit=1000", (OGC_PAGE, [0])),
        (f"/ogc/collections/ideen/items?limit=1000&after={ogc_deep}", (OGC_PAGE, [ogc_deep])),
    ]
    staff = [("/ideen/moderation/", (PENDING, None)), ("/auswertung/", None), ("/auswertung/verlauf/", None)]

    with Site() as site:
        rows = []
        cold = {path: site.measure(path, repeat=1, warmup=0) for path, _ in public}
        for path, floor_sql in public:
            rows.extend(_rows(site.measure(path), path, cold[path], floor_sql))
        print_table(f"Public pages and API, {ideas:,} ideas (warm; cold = first request)", rows)
        site.cookies = {"sessionid": cookie}
        rows = []
        for path, floor_sql in staff:
            cold_timing = site.measure(path, repeat=1, warmup=0)
            rows.extend(_rows(site.measure(path), path, cold_timing, floor_sql))
        print_table("Staff pages (signed in with every staff role)", rows)


def _rows(page: Timing, path: str, cold: Timing, floor_sql) -> list[str]:
    note = f" (HTTP {page.status}, cold {cold.samples[0] * 1000:.0f} ms, {page.size // 1024} kB)"
    if floor_sql is None:
        return [page.row(f"GET {path}{note}")]
    floor = measure_sql(*floor_sql)
    return [page.row(f"GET {path}{note}", floor), floor.row("  bare SQL of the page (floor)", floor)]
