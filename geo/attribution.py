"""Where the reference data comes from: shown in the footer and on the data sources page."""

from django.utils.translation import gettext_lazy as _

DATA_SOURCES = [
    {
        "what": _("Stadtteil- und Ortsbezirksgrenzen, Stadtgrenze"),
        "attribution": "Stadtteilgrenzen: Stadtverwaltung Kaiserslautern (Open-Data-Portal / Geoportal)",
        "licence": _("Lizenz des Open-Data-Datensatzes noch nicht bestätigt"),
        "url": "https://opendata.kaiserslautern.de/",
    },
    {
        "what": _("Einwohnerzahlen je Stadtteil"),
        "attribution": "Stadtverwaltung Kaiserslautern (über das Projekt vika279/gdv)",
        "licence": _("Platzhalterdaten, Stichtag und Lizenz nicht angegeben"),
        "url": "https://opendata.kaiserslautern.de/",
    },
    {
        "what": _("Ortsverzeichnis: Straßen, Adressen und Orte (Stand April 2013)"),
        "attribution": "© OpenStreetMap-Mitwirkende",
        "licence": "Open Database License (ODbL) 1.0",
        "url": "https://www.openstreetmap.org/copyright",
    },
]
