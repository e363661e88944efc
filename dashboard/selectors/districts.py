"""Every measure per Stadtteil or Ortsbezirk in one statement: GROUP BY on the stored district FK."""

import json

from django.contrib.gis.db.models import GeometryField
from django.db import connection
from django.db.models import F, Func

from dashboard.cache import IDEAS, RESPONSES, SUPPORTS, SURVEYS, cached
from dashboard.filters import Filters, Level
from dashboard.selectors import base
from geo.aggregation import ORTSBEZIRK, STADTTEIL, district_levels
from geo.disclosure import publish, share
from geo.geojson import feature_collection
from geo.models import Ortsbezirk, Stadtteil
from geo.spatial import WGS84

IDEA_FILTERS = {"project_id", "category_id", "status", "date_from", "date_to", "public"}  # what base.ideas reads
EMPTY = "SELECT NULL::bigint AS k, 0 AS a, 0 AS b, 0 AS c, 0 AS d WHERE false"

STADTTEIL_SQL = """
WITH r(k, n, key) AS ({responses}), a(k, answered, chosen, answered_key, chosen_key) AS ({shares})
SELECT s.id, s.number, s.name, s.slug, s.ortsbezirk_id, s.population,
       coalesce(r.n, 0), coalesce(a.answered, 0), coalesce(a.chosen, 0),
       coalesce(r.key, 0), coalesce(a.answered_key, 0), coalesce(a.chosen_key, 0)
FROM geo_stadtteil s
LEFT JOIN r ON r.k = s.id LEFT JOIN a ON a.k = s.id
"""

ORTSBEZIRK_SQL = """
SELECT o.id, min(t.number), o.name, o.slug, o.id, sum(t.population)::bigint,
       sum(t.responses)::bigint, sum(t.answered)::bigint, sum(t.chosen)::bigint, sum(t.key)::bigint,
       sum(t.answered_key)::bigint, sum(t.chosen_key)::bigint
FROM ({inner}) t(id, number, name, slug, ortsbezirk_id, population, responses, answered, chosen, key, answered_key,
                 chosen_key)
JOIN geo_ortsbezirk o ON o.id = t.ortsbezirk_id
GROUP BY o.id
"""


def district_rows(filters: Filters, *, public: bool = False, exact: bool = False, ideas: bool = True) -> list[dict]:
    """One row per district (Stadtteile by number, Ortsbezirke by their first Stadtteil's number).

    Survey counts and shares go through the disclosure policy (geo.disclosure) unless `exact`; ideas are public
    and exact. An Ortsbezirk's cell key is the sum of its Stadtteile's keys (keys of disjoint sets add up).
    Without `ideas` (a survey's public results), the idea columns are None and no idea is counted.
    """
    key = {**filters.key(), "public": public}
    rows = cached("district-responses", key, lambda: _response_rows(filters, public), sources=(RESPONSES, SURVEYS))
    # Both levels come from one pass, whatever the level, measure or survey: keyed by the idea filters only.
    idea_key = {name: value for name, value in key.items() if name in IDEA_FILTERS}
    counts = (
        cached("district-ideas", idea_key, lambda: _idea_levels(filters, public), sources=(IDEAS, SUPPORTS))
        if ideas
        else {}
    )
    level = ORTSBEZIRK if filters.level == Level.ORTSBEZIRK else STADTTEIL
    return [_row(*row, ideas=counts.get((level, row[0]), (0, 0, 0)) if ideas else None, exact=exact) for row in rows]


def _response_rows(filters: Filters, public: bool) -> list[tuple]:
    """The districts with their population and the survey counts and cell keys (not yet published)."""
    parts, params = {}, []
    sources = {
        "responses": base.responses_per_stadtteil(filters, public=public),
        "shares": base.answer_shares(filters),
    }
    for name, qs in sources.items():
        if qs is None:
            parts[name] = EMPTY
            continue
        sql, qs_params = qs if isinstance(qs, tuple) else qs.query.sql_with_params()
        parts[name] = sql
        params.extend(qs_params)
    sql = STADTTEIL_SQL.format(**parts)
    if filters.level == Level.ORTSBEZIRK:
        sql = ORTSBEZIRK_SQL.format(inner=sql)
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY 2", params)
        return cursor.fetchall()


def _idea_levels(filters: Filters, public: bool) -> dict[tuple, tuple]:
    """Ideas and their supports per Stadtteil and Ortsbezirk, counted by geo.aggregation (one pass)."""
    ideas = base.ideas(filters, public=public).order_by()
    source = ideas.values("stadtteil_id", record=F("pk"), support=F("support_count"))
    sql, params = source.query.sql_with_params()
    return district_levels(sql, params, extra=["coalesce(sum(src.support), 0)"])


def _row(
    pk,
    number,
    name,
    slug,
    _ortsbezirk,
    population,
    responses,
    answered,
    chosen,
    key,
    answered_key,
    chosen_key,
    *,
    ideas: tuple | None,
    exact,
):
    # Ideas are public: published exact through the same policy module (docs/privacy.md).
    ideas_shown = publish(ideas[0], ideas[1], exact=True).count if ideas else None
    respondents = publish(responses, key, exact=exact)
    answered_cell = publish(answered, answered_key, exact=exact)
    chosen_cell = publish(chosen, chosen_key, exact=exact)
    share_of = share(chosen_cell, answered_cell)
    return {
        "id": pk,
        "number": number,
        "name": name,
        "slug": slug,
        "population": population,
        "ideas": ideas_shown,
        "ideas_per_1000": round(ideas_shown * 1000 / population, 2) if population and ideas else None,
        "supports": ideas[2] if ideas else None,
        "responses": respondents.count,
        "answered": answered_cell.count or None,
        "share": None if share_of is None else round(100 * share_of, 1),
        "suppressed": respondents.suppressed or answered_cell.suppressed or chosen_cell.suppressed,
        "perturbed": respondents.perturbed or answered_cell.perturbed,
    }


def district_shapes(level: str) -> dict:
    """The districts' outlines as a GeoJSON dict (simplified to ~5 m), keyed by `id` in the properties."""

    def build():
        model = Ortsbezirk if level == Level.ORTSBEZIRK else Stadtteil
        qs = model.objects.annotate(
            outline=Func(
                F("geom"), 0.00005, function="ST_SimplifyPreserveTopology", output_field=GeometryField(srid=WGS84)
            ),
            district_id=F("id"),
        )
        return feature_collection(qs, geometry="outline", fields=["district_id", "name"], precision=5)

    # The outlines change only with the districts themselves (load_districts), which the TTL covers.
    return json.loads(cached("shapes", {"level": level}, build, sources=()))
