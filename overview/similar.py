"""Gibt es schon? The published ideas most like one being written, by words and by place.

Two small candidate sets, each from an index: ideas whose title shares a word with the draft (full-text
search with the german configuration on a GIN index of the titles; the words are OR-ed, so one shared
word is enough), and the nearest ideas to the draft's point (KNN on the GiST index of the locations). Only
these few dozen rows are scored, by the words of title and text together and by distance.
"""

from __future__ import annotations

import time

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.urls import reverse

from overview.stopwords import GERMAN
from overview.text import clean, words
from proposals.models import Idea

MAX_WORDS = 12  # the draft's words that are looked up (the first distinct content words)
CANDIDATES = 25
NEAR_M = 500  # closer than this counts as "nearby", scaled linearly
SHOWN = 3
# A word in more than this share of the published titles tells the ideas apart no better than none, and a
# search for it reads thousands of index entries: it is left out of the lookup (still scored below).
COMMON_SHARE = 0.05
TITLE_INDEX = "overview_idea_title_german"  # overview/migrations/0003_similar_index.py
COMMON_SECONDS = 600
_common: dict[str, object] = {"until": 0.0, "lexemes": []}


def query_words(title: str, text: str) -> list[str]:
    seen: list[str] = []
    for word in words(clean(f"{title} {text}")[:2000]):
        if word not in GERMAN and len(word) > 2 and word not in seen:
            seen.append(word)
        if len(seen) == MAX_WORDS:
            break
    return seen


def common_lexemes() -> list[str]:
    """The title stems in more than COMMON_SHARE of published titles, from the statistics ANALYZE keeps on the
    title index (no scan of the ideas); read again every COMMON_SECONDS per process. Empty before ANALYZE."""
    if time.monotonic() < _common["until"]:
        return _common["lexemes"]  # type: ignore[return-value]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats WHERE tablename = %s",
            [TITLE_INDEX],
        )
        row = cursor.fetchone()
    lexemes = [word for word, share in zip(row[0], row[1], strict=False) if share > COMMON_SHARE] if row else []
    _common.update(until=time.monotonic() + COMMON_SECONDS, lexemes=lexemes)
    return lexemes


def telling_words(terms: list[str]) -> list[str]:
    """The draft's words without those whose German stem is common in the titles (PostgreSQL stems them, as
    the title index does)."""
    common = common_lexemes()
    if not terms or not common:
        return terms
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, n)"
            " WHERE NOT (tsvector_to_array(to_tsvector('german', w)) && %s::text[]) ORDER BY n",
            [terms, common],
        )
        return [word for (word,) in cursor.fetchall()]


def text_candidates(cursor, tsquery: str) -> list[int]:
    """Up to CANDIDATES published ideas whose title has one of the words, read from the GIN title index by a
    bitmap scan. Plain index scans are off for this statement alone: misjudging how many titles match (four
    rare words estimated at 19,000 titles, none there), the planner walked the (stadtteil, visibility) index
    through every published idea with the words as a filter, 2.6 s at a million ideas. The place candidates
    need a plain index scan (KNN), so they stay in the statement that scores."""
    table = Idea._meta.db_table
    cursor.execute("SET LOCAL enable_indexscan = off")
    cursor.execute(
        f"SELECT i.id FROM {table} i WHERE i.visibility = 'published' "  # noqa: S608 - from the model
        "AND to_tsvector('german', i.title) @@ to_tsquery('german', %s) LIMIT %s",
        [tsquery, CANDIDATES],
    )
    ids = [pk for (pk,) in cursor.fetchall()]
    cursor.execute("SET LOCAL enable_indexscan = on")
    return ids


def similar_ideas(*, title: str, text: str, point: Point | None) -> list[dict]:
    terms = telling_words(query_words(title, text))
    if not terms and point is None:
        return []
    # Words are letters only (overview.text.words), so they are safe as tsquery operands.
    tsquery = " | ".join(terms) if terms else ""
    table = Idea._meta.db_table
    lon, lat = (point.x, point.y) if point is not None else (None, None)
    # The draft's query and point are written into the WHERE and ORDER BY as constants (not read from a
    # CTE): only then can the planner estimate how many titles match (GIN bitmap scan for a rare word, an
    # early-stopping scan for a word every title has) and order by distance on the GiST index (KNN). With
    # them in a CTE, at a million ideas a word no title had walked the primary key through every row (18 s).
    # The text candidates are any CANDIDATES matches, not the newest: ordering them would read every match.
    place_sql = (
        f"SELECT i.id FROM {table} i WHERE i.visibility = 'published' "  # noqa: S608 - as above
        "ORDER BY i.location <-> ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) LIMIT %(n)s"
        if point is not None
        else f"SELECT id FROM {table} WHERE false"  # noqa: S608 - as above
    )
    sql = f"""
        WITH q AS (SELECT CASE WHEN %(tsq)s = '' THEN NULL ELSE to_tsquery('german', %(tsq)s) END AS query,
                          CASE WHEN %(lon)s::float IS NULL THEN NULL
                               ELSE ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) END AS here),
        by_text AS (SELECT unnest(%(text_ids)s::bigint[]) AS id),
        by_place AS MATERIALIZED ({place_sql}),
        scored AS (
            SELECT i.id, i.title, i.support_count, i.comment_count,
                   COALESCE(ts_rank(to_tsvector('german', i.title || ' ' || i.description), q.query), 0) AS words,
                   CASE WHEN q.here IS NULL THEN NULL
                        ELSE ST_Distance(i.location::geography, q.here::geography) END AS metres
              FROM {table} i, q
             WHERE i.id IN (SELECT id FROM by_text UNION SELECT id FROM by_place)
        )
        SELECT id, title, support_count, comment_count, words, metres,
               words + 0.05 * GREATEST(0, 1 - COALESCE(metres, %(near)s) / %(near)s) AS score
          FROM scored
         WHERE words > 0 OR metres < %(near)s
         ORDER BY score DESC, id DESC LIMIT %(shown)s
    """  # noqa: S608 - the table name comes from the model; every value is a parameter
    params = {"tsq": tsquery, "lon": lon, "lat": lat, "n": CANDIDATES, "near": NEAR_M, "shown": SHOWN}
    with transaction.atomic(), connection.cursor() as cursor:
        # Without statistics on the title index (a fresh index, a bulk load) the planner guessed a sequential
        # scan for a word no title has: 18 s at a million ideas. The indexes are always the right path here;
        # a word every title has is capped by GIN (gin_fuzzy_search_limit) instead of read in full.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL gin_fuzzy_search_limit = 2000")
        params["text_ids"] = text_candidates(cursor, tsquery) if terms else []
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        {
            "id": pk,
            "title": title,
            "url": reverse("proposals:detail", kwargs={"pk": pk}),
            "support_url": reverse("proposals:support", kwargs={"pk": pk}),
            "comment_url": reverse("proposals:detail", kwargs={"pk": pk}) + "#comments-title",
            "supports": supports,
            "comments": comments,
            "distance_m": round(metres) if metres is not None else None,
            "shares_words": words_score > 0,
        }
        for pk, title, supports, comments, words_score, metres, _score in rows
    ]
