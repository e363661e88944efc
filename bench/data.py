"""The scale data set (`make bench-data`): a million ideas with supports and comments, ten million survey
answers (map answers among them) and 200 projects with layers, in a database of its own.

Everything is set-based SQL (INSERT … SELECT over generate_series, points from ST_GeneratePoints), one
statement per table; the secondary indexes of the two big tables are dropped during the load and built
afterwards, which is several times faster than keeping them up to date row by row. Sizes come from
BENCH_IDEAS, BENCH_ANSWERS and BENCH_PROJECTS. The load replaces all content of the target database.
"""

import os
import time

from django.db import connection, transaction

from proposals.services.clusters import cells_rebuild
from proposals.services.rollups import idea_rollup_rebuild, idea_week_rollup_rebuild
from surveys.rollups import survey_rollups_rebuild

IDEAS = int(os.environ.get("BENCH_IDEAS", 1_000_000))
ANSWERS = int(os.environ.get("BENCH_ANSWERS", 10_000_000))
PROJECTS = int(os.environ.get("BENCH_PROJECTS", 200))
USERS = max(1_000, IDEAS // 10)
COMMENTS_PER_IDEA = 0.3
SURVEYS = 20
QUESTIONS = ["single", "scale", "point", "text", "stadtteil"]  # one answer each per response
POINT_POOL = 200_000  # random points in the city; map answers take them round robin

CONTENT_TABLES = [
    "proposals_idea", "proposals_support", "proposals_comment", "proposals_follow", "proposals_report",
    "proposals_moderationlog", "proposals_statuschange", "proposals_clustercell", "surveys_survey",
    "layers_project", "accounts_user",
]  # fmt: skip


def _sql(label: str, statement: str, params=None) -> float:
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
    seconds = time.perf_counter() - start
    print(f"  {label}: {seconds:.1f} s", flush=True)
    return seconds


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(DROP, CREATE) statements of the table's indexes and unique constraints, its primary key excepted."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT format('DROP INDEX %%I', i.indexname), i.indexdef FROM pg_indexes i
               WHERE i.tablename = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
               UNION ALL
               SELECT format('ALTER TABLE %%I DROP CONSTRAINT %%I', %s, c.conname),
                      format('ALTER TABLE %%I ADD CONSTRAINT %%I %%s', %s, c.conname, pg_get_constraintdef(c.oid))
               FROM pg_constraint c WHERE c.conrelid = %s::regclass AND c.contype = 'u'""",
            [table, table, table, table],
        )
        return cursor.fetchall()


def _load_without_indexes(table: str, label: str, statement: str, params=None) -> float:
    indexes = _secondary_indexes(table)
    with connection.cursor() as cursor:
        for drop, _create in indexes:
            cursor.execute(drop)
    seconds = _sql(label, statement, params)
    for _drop, create in indexes:
        seconds += _sql(create.split(" ON ")[0].split(" CONSTRAINT ")[-1][:60], create)
    return seconds


def _skip_foreign_key_triggers() -> None:
    """The generated rows are consistent by construction; checking a million foreign keys row by row (deferred
    triggers) would cost minutes. Needs a superuser (the development database is one); else they are checked."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except Exception:
        print("  (foreign keys checked row by row: not a superuser)", flush=True)
        return


USERS_SQL = """
INSERT INTO accounts_user (id, password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                           date_joined, display_name)
SELECT g, '!', false, 'bench' || g, '', '', 'bench' || g || '@example.org', false, true, now(), ''
FROM generate_series(1, %(users)s) g
"""

PROJECTS_SQL = """
WITH c AS (SELECT (ST_Dump(ST_GeneratePoints(geom, %(projects)s, 7))).geom AS p FROM geo_cityboundary)
INSERT INTO layers_project (id, title, slug, summary, topic, area, ideas_open_from, ideas_open_until, moderation,
                            is_demo, created_at, updated_at, body, contact_email, contact_name, contact_phone,
                            cover_alt, cover_image, office, summary_easy)
SELECT n, 'Vorhaben ' || n, 'vorhaben-' || n, 'Ein Vorhaben des Lastdatensatzes.',
       (ARRAY['stadtplanung','verkehr','freizeit','umwelt','soziales','bildung','wirtschaft'])[1 + n %% 7],
       ST_Buffer(p::geography, 300 + (n %% 10) * 120)::geometry, now() - interval '1 year', NULL,
       CASE WHEN n %% 2 = 0 THEN 'post' ELSE 'pre' END, true, now(), now() - n * interval '1 hour', '', '', '', '',
       '', '', '', ''
FROM (SELECT row_number() OVER () AS n, p FROM c) x
"""

PROJECT_STADTTEILE_SQL = """
INSERT INTO layers_project_stadtteile (project_id, stadtteil_id)
SELECT p.id, s.id FROM layers_project p JOIN geo_stadtteil s ON ST_Intersects(p.area, s.geom)
"""

LAYERS_SQL = """
INSERT INTO layers_layer (id, name, description, "order", visible_by_default, stroke_color, fill_color, stroke_width,
                          opacity, point_symbol, source_name, feature_count, feedback_open, created_at, project_id,
                          field_labels)
SELECT p.id * 2 - k, CASE k WHEN 1 THEN 'Standorte' ELSE 'Wege' END, '', k, true, '#1565c0', '#90caf9', 2, 0.8,
       'circle', 'bench', CASE k WHEN 1 THEN 50 ELSE 20 END, false, now(), p.id, '[]'
FROM layers_project p CROSS JOIN generate_series(0, 1) k
"""

FEATURES_SQL = """
INSERT INTO layers_feature (geom, attributes, layer_id)
SELECT CASE WHEN l.name = 'Standorte' THEN pt.geom
            ELSE ST_MakeLine(pt.geom, ST_Translate(pt.geom, 0.004, 0.002)) END,
       jsonb_build_object('name', l.name || ' ' || pt.path[1]), l.id
FROM layers_layer l JOIN layers_project p ON p.id = l.project_id
CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(p.area, l.feature_count, l.id::int)) pt
"""

# Supports and comments are written first (the foreign keys are not checked during the load), so each idea
# gets its counters in the same INSERT instead of a second pass over a million rows. Idea i has i %% 5
# supports (two on average) from distinct users, so no pair repeats and the unique index is built afterwards.
SUPPORTS_SQL = """
INSERT INTO proposals_support (created_at, idea_id, user_id)
SELECT now() - (i %% 365) * interval '1 day', i, 1 + (i::bigint * 7919 + k * 104729) %% %(users)s
FROM generate_series(1, %(ideas)s) i CROSS JOIN generate_series(0, 3) k
WHERE k < i %% 5
"""

COMMENTS_SQL = """
INSERT INTO proposals_comment (text, is_hidden, is_demo, created_at, author_id, parent_id, idea_id)
SELECT 'Ein Kommentar des Lastdatensatzes.', false, true, now() - random() * interval '1 year',
       1 + floor(random() * %(users)s)::int, NULL, 1 + floor(random() * %(ideas)s)::int
FROM generate_series(1, %(comments)s)
"""

IDEAS_SQL = """
WITH share AS (SELECT id, geom, area_m2 / sum(area_m2) OVER () AS f FROM geo_stadtteil),
pts AS (SELECT s.id AS stadtteil_id, (ST_Dump(ST_GeneratePoints(s.geom, ceil(%(ideas)s * s.f)::int, 42))).geom AS p
        FROM share s),
numbered AS (SELECT row_number() OVER () AS id, stadtteil_id, p, random() AS r,
                    now() - random() * interval '3 years' AS created FROM pts),
cats AS (SELECT array_agg(id ORDER BY id) AS ids FROM proposals_category),
sup AS (SELECT idea_id, count(*) AS n FROM proposals_support GROUP BY idea_id),
com AS (SELECT idea_id, count(*) AS n FROM proposals_comment GROUP BY idea_id)
INSERT INTO proposals_idea (id, title, description, location, photo, status, official_answer, answered_at, visibility,
                            moderation_reason, support_count, comment_count, is_demo, created_at, published_at,
                            author_id, category_id, project_id, stadtteil_id)
SELECT n.id, 'Idee ' || n.id || ' des Lastdatensatzes', 'Eine Idee für einen besseren Ort in Kaiserslautern.',
       n.p, '', (ARRAY['eingereicht','in_pruefung','angenommen','abgelehnt','umgesetzt'])[1 + n.id %% 5], '', NULL,
       CASE WHEN n.r < 0.03 THEN 'pending' WHEN n.r < 0.04 THEN 'rejected' WHEN n.r < 0.045 THEN 'hidden'
            ELSE 'published' END,
       '', coalesce(sup.n, 0), coalesce(com.n, 0), true, n.created,
       CASE WHEN n.r >= 0.03 THEN n.created + interval '2 hours' END,
       1 + n.id %% %(users)s, cats.ids[1 + n.id %% array_length(cats.ids, 1)],
       CASE WHEN n.id %% 3 = 0 THEN 1 + n.id %% %(projects)s END, n.stadtteil_id
FROM numbered n CROSS JOIN cats LEFT JOIN sup ON sup.idea_id = n.id LEFT JOIN com ON com.idea_id = n.id
WHERE n.id <= %(ideas)s
"""

SURVEYS_SQL = """
INSERT INTO surveys_survey (id, title, slug, introduction, opens_at, closes_at, access, results_public,
                            district_sources, is_poll, is_demo, created_at, updated_at, project_id, introduction_easy)
SELECT g, 'Umfrage ' || g, 'umfrage-' || g, '', now() - interval '60 days',
       now() + CASE WHEN g %% 2 = 0 THEN interval '30 days' ELSE interval '-1 day' END, 'anonymous', true,
       ARRAY['map'], false, true, now(), now(), 1 + g %% %(projects)s, ''
FROM generate_series(1, %(surveys)s) g
"""

QUESTIONS_SQL = """
INSERT INTO surveys_question (id, "order", kind, text, help_text, required, allow_other, scale_min, scale_max,
                              scale_min_label, scale_max_label, survey_id)
SELECT (s - 1) * %(nq)s + k, k, (%(kinds)s::text[])[k], 'Frage ' || k, '', true, false, 1, 5, '', '', s
FROM generate_series(1, %(surveys)s) s CROSS JOIN generate_series(1, %(nq)s) k
"""

CHOICES_SQL = """
INSERT INTO surveys_choice ("order", text, question_id)
SELECT c, 'Antwort ' || c, q.id FROM surveys_question q CROSS JOIN generate_series(1, 4) c WHERE q.kind = 'single'
"""

POINTS_SQL = """
CREATE TEMP TABLE bench_points AS
SELECT row_number() OVER () - 1 AS n, pt.geom AS p, s.id AS stadtteil_id
FROM (SELECT (ST_Dump(ST_GeneratePoints(geom, %(pool)s, 3))).geom FROM geo_cityboundary) pt
JOIN geo_stadtteil s ON ST_Intersects(s.geom, pt.geom)
"""

RESPONSES_SQL = """
WITH ids AS (SELECT array_agg(id ORDER BY id) AS a FROM geo_stadtteil)
INSERT INTO surveys_response (id, token, verified, created_at, updated_at, stadtteil_id, user_id, survey_id)
SELECT g, 'bench-' || g, g %% 3 = 0, now() - (g %% 50000) * interval '1 minute', now(),
       ids.a[1 + g %% array_length(ids.a, 1)], NULL, 1 + g %% %(surveys)s
FROM generate_series(1, %(responses)s) g CROSS JOIN ids
"""

ANSWERS_SQL = """
WITH pool AS (SELECT count(*) AS n FROM bench_points)
INSERT INTO surveys_answer (id, text, number, geom, stadtteil_id, question_id, response_id)
SELECT (r.id - 1) * %(nq)s + k, CASE WHEN q.kind = 'text' THEN 'Mehr Bäume bitte.' ELSE '' END,
       CASE WHEN q.kind = 'scale' THEN 1 + (r.id * 7 + k) %% 5 END,
       CASE WHEN q.kind = 'point' THEN bp.p END,
       CASE WHEN q.kind = 'point' THEN bp.stadtteil_id WHEN q.kind = 'stadtteil' THEN r.stadtteil_id END,
       q.id, r.id
FROM surveys_response r CROSS JOIN generate_series(1, %(nq)s) k CROSS JOIN pool
JOIN surveys_question q ON q.id = (r.survey_id - 1) * %(nq)s + k
LEFT JOIN bench_points bp ON q.kind = 'point' AND bp.n = (r.id * 7919) %% pool.n
"""

ANSWER_CHOICES_SQL = """
WITH c AS (SELECT question_id, array_agg(id ORDER BY id) AS ids FROM surveys_choice GROUP BY question_id)
INSERT INTO surveys_answerchoice (rank, answer_id, choice_id)
SELECT NULL, a.id, c.ids[1 + (a.id * 31 + a.response_id) %% 4]
FROM surveys_answer a JOIN c ON c.question_id = a.question_id
"""

SEQUENCES = [
    "accounts_user", "layers_project", "layers_layer", "proposals_idea", "surveys_survey", "surveys_question",
    "surveys_response", "surveys_answer",
]  # fmt: skip


def run() -> None:
    params = {
        "users": USERS,
        "ideas": IDEAS,
        "projects": PROJECTS,
        "comments": int(IDEAS * COMMENTS_PER_IDEA),
        "surveys": SURVEYS,
        "nq": len(QUESTIONS),
        "kinds": QUESTIONS,
        "responses": ANSWERS // len(QUESTIONS),
        "pool": POINT_POOL,
    }
    print(f"Scale data set into {connection.settings_dict['NAME']}: {params}", flush=True)
    total = time.perf_counter()
    with transaction.atomic():
        _sql("truncate", f"TRUNCATE {', '.join(CONTENT_TABLES)} RESTART IDENTITY CASCADE")
        _sql("users", USERS_SQL, params)
        _sql("projects", PROJECTS_SQL, params)
        _sql("project Stadtteile", PROJECT_STADTTEILE_SQL)
        _sql("layers", LAYERS_SQL)
        _sql("layer features", FEATURES_SQL)
    ideas_start = time.perf_counter()
    with transaction.atomic():
        _skip_foreign_key_triggers()
        _load_without_indexes("proposals_support", "supports", SUPPORTS_SQL, params)
        _load_without_indexes("proposals_comment", "comments", COMMENTS_SQL, params)
        _load_without_indexes("proposals_idea", "ideas", IDEAS_SQL, params)
    start = time.perf_counter()
    cells_rebuild()
    print(f"  cluster cells: {time.perf_counter() - start:.1f} s", flush=True)
    start = time.perf_counter()
    idea_rollup_rebuild()  # the load ran with triggers off (session_replication_role) after a TRUNCATE
    idea_week_rollup_rebuild()
    print(f"  idea rollup: {time.perf_counter() - start:.1f} s", flush=True)
    ideas_seconds = time.perf_counter() - ideas_start
    print(f"ideas with supports, comments and cluster cells: {ideas_seconds:.0f} s", flush=True)
    with transaction.atomic():
        _skip_foreign_key_triggers()
        _sql("surveys", SURVEYS_SQL, params)
        _sql("questions", QUESTIONS_SQL, params)
        _sql("choices", CHOICES_SQL)
        _sql("point pool", POINTS_SQL, params)
        _sql("responses", RESPONSES_SQL, params)
        _load_without_indexes("surveys_answer", "answers", ANSWERS_SQL, params)
        _load_without_indexes("surveys_answerchoice", "answer choices", ANSWER_CHOICES_SQL, params)
    start = time.perf_counter()
    survey_rollups_rebuild()  # the load ran with triggers off, like the ideas'
    print(f"  survey rollups: {time.perf_counter() - start:.1f} s", flush=True)
    with connection.cursor() as cursor:
        for table in SEQUENCES:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    connection.cursor().execute("VACUUM ANALYZE")
    print(f"total (with VACUUM ANALYZE): {time.perf_counter() - total:.0f} s", flush=True)
