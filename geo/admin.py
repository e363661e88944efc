from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from geo.models import CityBoundary, Ortsbezirk, Place, Stadtteil


@admin.register(Ortsbezirk)
class OrtsbezirkAdmin(LeafletGeoAdmin):
    list_display = ["name", "has_ortsbeirat", "area_m2"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Stadtteil)
class StadtteilAdmin(LeafletGeoAdmin):
    list_display = ["number", "name", "ortsbezirk", "population", "area_m2"]
    list_filter = ["ortsbezirk"]
    search_fields = ["name", "long_name"]


@admin.register(CityBoundary)
class CityBoundaryAdmin(LeafletGeoAdmin):
    list_display = ["name", "ags", "area_m2"]


@admin.register(Place)
class PlaceAdmin(LeafletGeoAdmin):
    list_display = ["label", "kind", "category", "stadtteil"]
    list_filter = ["kind", "stadtteil"]
    search_fields = ["label"]
    list_select_related = ["stadtteil"]
