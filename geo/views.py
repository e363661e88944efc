import json
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from geo import selectors
from geo.attribution import DATA_SOURCES
from geo.datasets import visible_datasets
from geo.exports import FORMATS, SRIDS
from geo.gis_auth import may_see_staff_datasets


def stadtteil_detail(request, slug: str):
    stadtteil = get_object_or_404(selectors.stadtteil_list(), slug=slug)
    outline = {
        "type": "Feature",
        "geometry": json.loads(stadtteil.geom.geojson),
        "properties": {"name": stadtteil.name, "url": stadtteil.get_absolute_url()},
    }
    return render(request, "geo/stadtteil_detail.html", {"stadtteil": stadtteil, "outline": outline})


def data_sources(request):
    return render(request, "geo/data_sources.html", {"sources": DATA_SOURCES})


def gis(request):
    """Downloads and live services for planners. The form leads to the export API, which checks the input."""
    if "dataset" in request.GET and "format" in request.GET:
        url = reverse("api:export", kwargs={"dataset": request.GET["dataset"], "fmt": request.GET["format"]})
        params = {k: v for k, v in request.GET.items() if k in ("crs", "bbox") and v}
        return redirect(f"{url}?{urlencode(params)}")
    return render(
        request,
        "geo/gis.html",
        {
            "datasets": visible_datasets(staff=may_see_staff_datasets(request)),
            "formats": FORMATS,
            "srids": SRIDS,
            "ogc_url": request.build_absolute_uri(reverse("ogc:landing")),
            "wfs_url": request.build_absolute_uri(reverse("wfs")),
        },
    )
