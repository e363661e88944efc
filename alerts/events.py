"""Recording events: what happened in the other apps, read from their tables in set-based SQL.

Every source is a SELECT over recent rows; the INSERT skips keys already recorded, so a run may repeat or
overlap the last one without doubling anything. Reading committed rows (instead of writing from inside the
other apps' transactions) means a rolled-back write never becomes an event, and a crashed run loses nothing:
the next one finds the same rows again. Geometry, its EPSG:25832 copy and the Stadtteile it touches are
computed here once per event, so matching and the Stadtteil feeds need no geometry work of their own.
"""

from datetime import timedelta

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from alerts.models import EventKind

_SLUG = "slug-placeholder"
_PK = 987654321
# How long before its end a participation counts as "about to close".
CLOSING_WITHIN = timedelta(days=3)

INSERT_SQL = """
WITH st AS MATERIALIZED (SELECT id, number, ST_Transform(geom, 25832) AS g FROM geo_stadtteil),
src (key, kind, group_key, group_title, title, detail, url, topic, geom, occurred_at, ends_at, is_demo)
    AS MATERIALIZED ({source}),
-- Matching prepares the event's geometry once per scan; PostGIS cannot prepare a GeometryCollection, so a
-- collection of one type becomes a Multi* and a mixed one (points, lines and areas in one layer) an area 0.5 m
-- around them.
h AS (SELECT src.*, ST_CollectionHomogenize(ST_Transform(src.geom, 25832)) AS h FROM src WHERE src.geom IS NOT NULL),
utm AS (
    SELECT h.*, CASE WHEN GeometryType(h.h) = 'GEOMETRYCOLLECTION' THEN ST_Buffer(h.h, 0.5) ELSE h.h END AS geom_utm
    FROM h
)
INSERT INTO alerts_event (key, kind, group_key, group_title, title, detail, url, topic, geom, geom_utm,
                          stadtteil_ids, occurred_at, ends_at, is_demo, created_at)
SELECT utm.key, utm.kind, utm.group_key, utm.group_title, utm.title, utm.detail, utm.url, coalesce(utm.topic, ''),
       utm.geom, utm.geom_utm,
       ARRAY(SELECT st.id FROM st WHERE ST_Intersects(st.g, utm.geom_utm) ORDER BY st.number),
       utm.occurred_at, utm.ends_at, utm.is_demo, now()
FROM utm
ON CONFLICT (key) DO NOTHING
"""

CITY = "(SELECT b.geom FROM geo_cityboundary b LIMIT 1)"
# A layer's or plan version's event geometry is its features collected, up to this many; a larger one (a
# planner's tree register, 200,000 points and lines) becomes the CELL_M squares its features touch. Collecting
# and buffering the whole of such a layer took one database backend to 20 GB until the kernel killed it, and
# every connection with it; the squares are bounded by the city's area and match at most CELL_M too widely.
EXACT_FEATURES = 2_000
CELL_M = 100


def _features_geom(tables: str, where: str) -> str:
    """The event geometry (WGS84) of the features in `tables` (alias f) that `where` selects."""
    utm = "ST_Transform(f.geom, 25832)"
    return f"""CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM {tables} WHERE {where} LIMIT {EXACT_FEATURES + 1}) n)
                         <= {EXACT_FEATURES}
                    THEN (SELECT ST_Collect(f.geom) FROM {tables} WHERE {where})
                    ELSE (SELECT ST_Transform(ST_Union(c.geom), 4326) FROM (
                              SELECT DISTINCT ON (cell.i, cell.j) cell.geom
                              FROM {tables}, LATERAL ST_SquareGrid({CELL_M}, {utm}) cell
                              WHERE {where} AND ST_Intersects(cell.geom, {utm})) c)
               END"""  # noqa: S608  (built from constants and the callers' fixed table names)


def _url(name: str, **kwargs) -> str:
    """A URL pattern with its variable part as a placeholder that the SQL replaces."""
    return reverse(name, kwargs=kwargs)


def _sources() -> dict[str, str]:
    project_url = _url("layers:project-detail", slug=_SLUG)
    survey_url = _url("surveys:detail", slug=_SLUG)
    idea_url = _url("proposals:detail", pk=_PK)
    p_url = f"replace('{project_url}', '{_SLUG}', p.slug)"
    s_url = f"replace('{survey_url}', '{_SLUG}', s.slug)"
    i_url = f"replace('{idea_url}', '{_PK}', i.id::text)"
    survey_geom = f"coalesce(p.area, {CITY})"
    survey_group = "CASE WHEN p.id IS NULL THEN 'survey:' || s.id ELSE 'project:' || p.id END"
    survey_group_title = "coalesce(p.title, s.title)"
    survey_from = "surveys_survey s LEFT JOIN layers_project p ON p.id = s.project_id"
    return {
        "project": f"""
            SELECT 'project:' || p.id AS key, '{EventKind.PROJECT}' AS kind, 'project:' || p.id AS group_key,
                   p.title AS group_title, p.title, '' AS detail, {p_url} AS url, p.topic, p.area AS geom,
                   p.created_at AS occurred_at, NULL::timestamptz AS ends_at, p.is_demo
            FROM layers_project p WHERE p.created_at >= %(since)s AND p.area IS NOT NULL""",  # noqa: S608  (built from constants; values are parameters)
        "phase": f"""
            SELECT 'phase:' || ph.id, '{EventKind.PHASE}', 'project:' || p.id, p.title, p.title, ph.kind,
                   {p_url}, p.topic, p.area,
                   (ph.starts_on::timestamp AT TIME ZONE %(tz)s),
                   (ph.ends_on::timestamp AT TIME ZONE %(tz)s) + interval '1 day', p.is_demo
            FROM layers_phase ph JOIN layers_project p ON p.id = ph.project_id
            WHERE ph.starts_on BETWEEN %(since)s::date AND %(today)s AND p.area IS NOT NULL""",  # noqa: S608  (built from constants; values are parameters)
        "ideas-open": f"""
            SELECT 'ideas-open:' || p.id, '{EventKind.PARTICIPATION}', 'project:' || p.id, p.title, p.title,
                   'ideas', {p_url}, p.topic, p.area, p.ideas_open_from, p.ideas_open_until, p.is_demo
            FROM layers_project p
            WHERE p.ideas_open_from BETWEEN %(since)s AND %(now)s AND p.area IS NOT NULL""",  # noqa: S608  (built from constants; values are parameters)
        # A layer counts once its features are in (imports fill it after creating it).
        "layer": f"""
            SELECT 'layer:' || l.id, '{EventKind.LAYER}', 'project:' || p.id, p.title, l.name, '',
                   {p_url}, p.topic,
                   {_features_geom("layers_feature f", "f.layer_id = l.id")},
                   l.created_at, NULL::timestamptz, p.is_demo
            FROM layers_layer l JOIN layers_project p ON p.id = l.project_id
            WHERE l.created_at >= %(since)s AND l.feature_count > 0""",  # noqa: S608  (built from constants; values are parameters)
        "survey-open": f"""
            SELECT 'survey-open:' || s.id, '{EventKind.PARTICIPATION}', {survey_group}, {survey_group_title},
                   s.title, CASE WHEN s.is_poll THEN 'poll' ELSE 'survey' END, {s_url}, p.topic,
                   {survey_geom}, s.opens_at, s.closes_at, s.is_demo
            FROM {survey_from} WHERE s.opens_at BETWEEN %(since)s AND %(now)s""",  # noqa: S608  (built from constants; values are parameters)
        "survey-closing": f"""
            SELECT 'survey-closing:' || s.id, '{EventKind.CLOSING}', {survey_group}, {survey_group_title},
                   s.title, CASE WHEN s.is_poll THEN 'poll' ELSE 'survey' END, {s_url}, p.topic,
                   {survey_geom}, s.closes_at - %(closing)s, s.closes_at, s.is_demo
            FROM {survey_from}
            WHERE s.closes_at > %(now)s AND s.closes_at <= %(now)s + %(closing)s AND s.opens_at <= %(now)s""",  # noqa: S608  (built from constants; values are parameters)
        "survey-results": f"""
            SELECT 'survey-results:' || s.id, '{EventKind.RESULTS}', {survey_group}, {survey_group_title},
                   s.title, 'survey', {s_url}, p.topic, {survey_geom}, s.closes_at, NULL::timestamptz, s.is_demo
            FROM {survey_from}
            WHERE s.results_public AND s.closes_at BETWEEN %(since)s AND %(now)s""",  # noqa: S608  (built from constants; values are parameters)
        "decision": f"""
            SELECT 'status:' || c.id, '{EventKind.RESULTS}', 'idea:' || i.id, i.title, i.title, c.status,
                   {i_url}, cat.slug, i.location, c.created_at, NULL::timestamptz, i.is_demo
            FROM proposals_statuschange c JOIN proposals_idea i ON i.id = c.idea_id
            JOIN proposals_category cat ON cat.id = i.category_id
            WHERE c.created_at >= %(since)s AND i.visibility = 'published' AND c.status <> 'eingereicht'""",  # noqa: S608  (built from constants; values are parameters)
        # New ideas are bundled: one group per Stadtteil, so a digest says "12 new ideas in Lämmchesberg".
        "ideas": f"""
            SELECT 'idea:' || i.id, '{EventKind.IDEAS}', 'ideas:' || st.id, st.name, i.title, '',
                   {i_url}, cat.slug, i.location, i.published_at, NULL::timestamptz, i.is_demo
            FROM proposals_idea i JOIN geo_stadtteil st ON st.id = i.stadtteil_id
            JOIN proposals_category cat ON cat.id = i.category_id
            WHERE i.visibility = 'published' AND i.published_at >= %(since)s AND i.published_at <= %(now)s""",  # noqa: S608  (built from constants; values are parameters)
    }


def _procedure_sources() -> dict[str, str]:
    """The formal procedure (Bauleitplanung, its own app): public steps open and close, plan versions, the
    council's decision. Only when that app is installed; it does not know about alerts."""
    from django.apps import apps

    if not apps.is_installed("bauleitplanung"):
        return {}
    project_url = _url("layers:project-detail", slug=_SLUG)
    p_url = f"replace('{project_url}', '{_SLUG}', p.slug)"
    public = "('p3_1', 'p3_2', 'p4a_3')"
    step_from = """bauleitplanung_step st JOIN bauleitplanung_procedure pr ON pr.id = st.procedure_id
                   JOIN layers_project p ON p.id = pr.project_id"""
    return {
        "procedure-step": f"""
            SELECT 'procedure-step:' || st.id, '{EventKind.PARTICIPATION}', 'project:' || p.id, p.title, p.title,
                   st.kind, {p_url}, p.topic, p.area, (st.starts_on::timestamp AT TIME ZONE %(tz)s),
                   ((st.ends_on + 1)::timestamp AT TIME ZONE %(tz)s), p.is_demo
            FROM {step_from}
            WHERE st.kind IN {public} AND st.starts_on BETWEEN %(since)s::date AND %(today)s""",  # noqa: S608  (built from constants; values are parameters)
        "procedure-closing": f"""
            SELECT 'procedure-closing:' || st.id, '{EventKind.CLOSING}', 'project:' || p.id, p.title, p.title,
                   st.kind, {p_url}, p.topic, p.area,
                   ((st.ends_on + 1)::timestamp AT TIME ZONE %(tz)s) - %(closing)s,
                   ((st.ends_on + 1)::timestamp AT TIME ZONE %(tz)s), p.is_demo
            FROM {step_from}
            WHERE st.kind IN {public} AND st.starts_on <= %(today)s
              AND ((st.ends_on + 1)::timestamp AT TIME ZONE %(tz)s) BETWEEN %(now)s AND %(now)s + %(closing)s""",  # noqa: S608  (built from constants; values are parameters)
        "plan-version": f"""
            SELECT 'plan-version:' || v.id, '{EventKind.LAYER}', 'project:' || p.id, p.title,
                   coalesce(nullif(v.name, ''), p.title), 'version:' || v.number, {p_url}, p.topic,
                   {
            _features_geom(
                "layers_feature f JOIN bauleitplanung_planversion_layers vl ON vl.layer_id = f.layer_id",
                "vl.planversion_id = v.id",
            )
        },
                   v.created_at, NULL::timestamptz, p.is_demo
            FROM bauleitplanung_planversion v JOIN bauleitplanung_procedure pr ON pr.id = v.procedure_id
            JOIN layers_project p ON p.id = pr.project_id WHERE v.created_at >= %(since)s""",  # noqa: S608  (built from constants; values are parameters)
        "procedure-decision": f"""
            SELECT 'procedure-decision:' || pr.id, '{EventKind.RESULTS}', 'project:' || p.id, p.title, p.title,
                   'decision', {p_url}, p.topic, p.area, pr.decision_published_at, NULL::timestamptz, p.is_demo
            FROM bauleitplanung_procedure pr JOIN layers_project p ON p.id = pr.project_id
            WHERE pr.decision_published_at BETWEEN %(since)s AND %(now)s""",  # noqa: S608  (built from constants; values are parameters)
    }


def extra_sources() -> dict[str, str]:
    """Sources of apps that register with alerts (none import alerts; alerts.apps wires what exists)."""
    return dict(_extra)


_extra: dict[str, str] = {}


def register_source(name: str, select_sql: str) -> None:
    """A SELECT with the columns of the built-in sources and the parameters since/now/today/tz/closing."""
    _extra[name] = select_sql


def events_record(*, since: timedelta, now=None) -> int:
    """Record every event of the last `since` that is not recorded yet; returns how many are new."""
    now = now or timezone.now()
    params = {
        "since": now - since,
        "now": now,
        "today": timezone.localdate(now),
        "tz": timezone.get_current_timezone_name(),
        "closing": CLOSING_WITHIN,
    }
    created = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for source in {**_sources(), **_procedure_sources(), **_extra}.values():
            cursor.execute(INSERT_SQL.format(source=source), params)
            created += cursor.rowcount
    return created
