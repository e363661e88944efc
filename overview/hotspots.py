"""Hot spots: where located contributions cluster, found by ST_ClusterDBSCAN in EPSG:25832 (metres).

Ideas and feedback carry a point; both are read in one SQL statement through their models' tables, so the
clustering runs in PostGIS and Python sees only the clustered rows.
"""

from __future__ import annotations

import math
from collections import Counter

from django.db import connection
from django.urls import reverse

from feedback.models import Feedback
from geo.spatial import UTM32
from layers.models import Project
from overview.text import clean
from overview.topics import tokenize
from proposals.models import Idea

EPS_M = 150  # two contributions within 150 m are neighbours
MIN_POINTS = 8  # a hot spot needs this many contributions within reach of its core
KEYWORDS = 6
MEMBERS_SHOWN = 50


def _sql() -> str:
    ideas, feedback, projects = Idea._meta.db_table, Feedback._meta.db_table, Project._meta.db_table
    return f"""
        WITH located AS (
            SELECT 'idea' AS source, id, title || ' ' || description AS text, NULL::text AS slug,
                   NULL::bigint AS feature, ST_Transform(location, {UTM32}) AS g
              FROM {ideas} WHERE visibility = 'published'
            UNION ALL
            SELECT 'feedback', f.id, f.text, p.slug, f.feature_id, ST_Transform(f.location, {UTM32})
              FROM {feedback} f JOIN {projects} p ON p.id = f.project_id WHERE f.visibility = 'published'
        ), clustered AS (
            SELECT *, ST_ClusterDBSCAN(g, eps := %s, minpoints := %s) OVER () AS cluster FROM located
        )
        SELECT cluster, source, id, text, slug, feature, ST_X(g), ST_Y(g)
          FROM clustered WHERE cluster IS NOT NULL ORDER BY cluster, id
    """  # noqa: S608 - table names from the models, numbers as parameters


def find_hotspots() -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(_sql(), [EPS_M, MIN_POINTS])
        rows = cursor.fetchall()
    clusters: dict[int, list[tuple]] = {}
    for row in rows:
        clusters.setdefault(row[0], []).append(row)
    if not clusters:
        return []
    texts = {key: [clean(r[3]) for r in members] for key, members in clusters.items()}
    # Key words: stems frequent in the hot spot and rare in the others (a TF-IDF over the hot spots).
    stems_of = {}
    document_frequency: Counter = Counter()
    surface: dict[str, str] = {}
    for key, own in texts.items():
        stems, forms = tokenize(own)
        surface |= forms
        stems_of[key] = Counter(s for text in stems for s in set(text))
        document_frequency.update(stems_of[key].keys())
    found = []
    for key, members in clusters.items():
        x = sum(r[6] for r in members) / len(members)
        y = sum(r[7] for r in members) / len(members)
        radius = max(math.hypot(r[6] - x, r[7] - y) for r in members)
        scores = {
            s: n * math.log((1 + len(clusters)) / document_frequency[s]) for s, n in stems_of[key].items() if n > 1
        }
        keywords = [surface.get(s, s) for s, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:KEYWORDS]]
        found.append(
            {
                "x": x, "y": y, "radius_m": round(radius), "size": len(members), "keywords": keywords,
                "members": [
                    {"source": r[1], "id": r[2], "url": _url(r), "excerpt": " ".join(clean(r[3]).split())[:140]}
                    for r in members[:MEMBERS_SHOWN]
                ],
            }
        )  # fmt: skip
    return sorted(found, key=lambda spot: -spot["size"])


def _url(row: tuple) -> str:
    if row[1] == "idea":
        return reverse("proposals:detail", kwargs={"pk": row[2]})
    return reverse("feedback:feature", kwargs={"slug": row[4], "feature_id": row[5]})
