"""Density grids in EPSG:25832 (squares or hexagons of an adjustable size), as GeoJSON in EPSG:4326, all
counted and published by geo.aggregation."""

import json

from django.db.models import F
from django.shortcuts import get_object_or_404

from dashboard.cache import IDEAS, RESPONSES, cached
from dashboard.filters import Filters
from dashboard.selectors import base
from geo.aggregation import published_grid
from surveys.models import Question
from surveys.results import density_grid


def idea_grid(filters: Filters, *, public: bool = False) -> dict:
    """Ideas are public: counted by geo.aggregation like survey answers, but published exact (marked so)."""

    def build() -> str:
        points = base.ideas(filters, public=public).order_by().values(record=F("pk"), geom=F("location"))
        sql, params = points.query.sql_with_params()
        return published_grid(sql, params, exact=True, size=filters.cell_m, hexagons=filters.hexagons, points=True)

    return json.loads(cached("idea-grid", {**filters.key(), "public": public}, build, sources=(IDEAS,)))


def answer_grid(filters: Filters, *, exact: bool = False) -> dict | None:
    """Map answers to the chosen question, counted and published by the surveys app (squares; through the
    disclosure policy unless `exact`)."""
    if not filters.question_id:
        return None
    question = get_object_or_404(Question, pk=filters.question_id)
    if not question.is_map:
        return None
    return json.loads(
        cached(
            "answer-grid",
            {"q": question.pk, "size": filters.cell_m, "exact": exact},
            lambda: density_grid(question, exact=exact, size=filters.cell_m),
            sources=(RESPONSES,),
        )
    )
