from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from geo.attribution import DATA_SOURCES
from geo.datasets import visible_datasets
from geo.exports import FORMATS, SRIDS
from geo.gis_auth import gis_user
from geo.qgis_project import qgis_project


def data_sources(request):
    return render(request, "geo/data_sources.html", {"sources": DATA_SOURCES})


def gis(request):
    """Downloads and live services for planners. The form leads to the export API, which checks the filters."""
    datasets = visible_datasets(gis_user(request))
    error = None
    if "dataset" in request.GET:
        dataset, fmt = request.GET.get("dataset", ""), request.GET.get("format", "")
        if dataset in {d.name for d in datasets} and fmt in FORMATS:
            url = reverse("api:export", kwargs={"dataset": dataset, "fmt": fmt})
            params = {k: v for k, v in request.GET.items() if k not in ("dataset", "format") and v}
            return redirect(f"{url}?{urlencode(params)}")
        error = _("Bitte wählen Sie einen Datensatz und ein Format aus der Liste.")
    return render(
        request,
        "geo/gis.html",
        {
            "datasets": datasets,
            "live_layers": [layer for dataset in datasets for layer in dataset.layers()],
            "formats": FORMATS,
            "srids": SRIDS,
            "error": error,
            "ogc_url": request.build_absolute_uri(reverse("ogc:landing")),
            "wfs_url": request.build_absolute_uri(reverse("wfs")),
        },
        status=400 if error else 200,
    )


def gis_project(request):
    """The ready QGIS project: the public live layers of this server, drawn as on the site."""
    response = HttpResponse(
        qgis_project(ogc_url=request.build_absolute_uri(reverse("ogc:landing"))), content_type="application/x-qgis"
    )
    response["Content-Disposition"] = 'attachment; filename="klmitwirkung.qgs"'
    return response
