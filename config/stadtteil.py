"""A Stadtteil's page: what is going on there (ideas on a map and in a list, projects touching it, open
surveys, results). It brings the apps together, so it lives in config (the composition root)."""

import json

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from edge.paging import paginate
from geo import selectors as geo_selectors
from layers.selectors import project_list
from proposals.selectors import IdeaFilter
from proposals.selectors.ideas import idea_page_list
from proposals.views.map import idea_map_config
from surveys.selectors import survey_list

IDEAS_PER_PAGE = 10
PROJECTS_SHOWN = 20


def stadtteil_detail(request, slug: str):
    stadtteil = get_object_or_404(geo_selectors.stadtteil_list(), slug=slug)
    outline = json.loads(geo_selectors.stadtteile_geojson(slug=slug))
    (west, south, east, north) = stadtteil.geom.extent
    ideas, _query = paginate(request, idea_page_list(IdeaFilter(district=stadtteil.number)), IDEAS_PER_PAGE)
    projects = list(
        project_list(stadtteil=stadtteil).defer("area", "body").order_by("-updated_at")[: PROJECTS_SHOWN + 1]
    )
    # Surveys of the projects here, and those for the whole city (no project); newest first, bounded.
    now = timezone.now()
    surveys = survey_list(user=request.user).filter(Q(project__in=[p.pk for p in projects]) | Q(project=None))[:40]
    open_surveys = [s for s in surveys if s.is_open(now)]
    results = [s for s in surveys if request.user.has_perm("surveys.view_results", s) and s.opens_at <= now][:10]
    return render(
        request,
        "geo/stadtteil_detail.html",
        {
            "stadtteil": stadtteil,
            "outline": outline,
            "ideas": ideas,
            "projects": projects[:PROJECTS_SHOWN],
            "more_projects": len(projects) > PROJECTS_SHOWN,
            "open_surveys": open_surveys,
            "results": results,
            "map_config": idea_map_config({"district": stadtteil.number}, bounds=[[south, west], [north, east]]),
        },
    )
