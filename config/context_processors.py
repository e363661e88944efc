from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _


def site(request):
    """The settings and texts of the map module (static/js/klmap.js), rendered once by base.html. A callable, which
    the template calls when it renders it: base.html renders it once per process and language ({% fixed %})."""
    return {"klmap_config": _klmap_config}


def _klmap_config() -> dict:
    return {
        "basemap": {
            "url": settings.BASEMAP_URL,
            "attribution": settings.BASEMAP_ATTRIBUTION,
            "maxZoom": settings.BASEMAP_MAX_ZOOM,
        },
        "center": [49.4435, 7.7689],
        "attribution": _("Stadtteilgrenzen: Stadtverwaltung Kaiserslautern · Straßen: © OpenStreetMap-Mitwirkende"),
        "districtsUrl": reverse("api:district-list"),
        "streetsUrl": reverse("api:street-list"),
        "streetLabelsUrl": reverse("api:street-labels"),
        "geocodeUrl": reverse("api:geocode"),
        "locateUrl": reverse("api:locate"),
        "labels": {
            "locate": _("Mein Standort"),
            "locating": _("Ort wird bestimmt …"),
            "locateFailed": _("Ihr Standort konnte nicht bestimmt werden."),
            "nothingFound": _("Nichts gefunden."),
            "searchFailed": _("Die Suche ist gerade nicht erreichbar."),
            "outside": _("Dieser Ort liegt außerhalb von Kaiserslautern."),
            "stadtteil": _("Stadtteil {name}"),
            "near": _("Nähe {address}"),
            "checkEntries": _("Bitte prüfen Sie die markierten Angaben."),
            "errorTitle": _("Fehler:"),
        },
    }
