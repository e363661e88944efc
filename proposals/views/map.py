from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edge.paging import paginate
from geo.selectors import stadtteil_choices
from proposals import selectors
from proposals.forms import IdeaFilterForm
from proposals.selectors import IdeaFilter
from proposals.services.clusters import MAX_CLUSTER_ZOOM

PER_PAGE = 20


def _filters(form: IdeaFilterForm) -> IdeaFilter:
    if not form.is_valid():
        return IdeaFilter()
    d = form.cleaned_data
    return IdeaFilter(
        categories=[d["category"].slug] if d["category"] else [],
        statuses=[d["status"]] if d["status"] else [],
        district=d["district"],
        project=d["project"].slug if d["project"] else None,
        q=d["q"],
    )


def idea_map_config(filters: dict, *, bounds: list | None = None) -> dict:
    """Settings of static/js/ideas-map.js; the Stadtteil pages show the same map, filtered and fitted."""
    return {
        "ideasUrl": reverse("api:idea-list"),
        "clustersUrl": reverse("api:idea-clusters"),
        "maxClusterZoom": MAX_CLUSTER_ZOOM,
        "filters": filters,
        "bounds": bounds,
        "labels": {
            "cluster": _("%(n)s Ideen – zum Vergrößern auswählen"),
            "supports": _("Unterstützungen"),
        },
    }


def idea_map(request):
    """The map of ideas with the same ideas as a paginated list, which works without JavaScript."""
    form = IdeaFilterForm(request.GET or None, stadtteile=stadtteil_choices())
    filters = _filters(form)
    page, query = paginate(request, selectors.idea_page_list(filters), PER_PAGE)
    return render(
        request,
        "proposals/map.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "categories": selectors.category_list(),
            "map_config": idea_map_config({k: v for k, v in request.GET.items() if k in form.fields and v}),
        },
    )
