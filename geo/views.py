import json

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from geo import selectors
from geo.attribution import DATA_SOURCES


def home(request):
    stadtteile = selectors.stadtteil_list()
    return render(
        request,
        "geo/home.html",
        {
            "ortsbezirke": selectors.ortsbezirk_list(),
            "stadtteile": stadtteile,
            "districts_url": reverse("api:district-list"),
        },
    )


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
