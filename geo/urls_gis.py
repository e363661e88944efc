from django.urls import path

from geo import ogcapi

app_name = "ogc"

urlpatterns = [
    path("", ogcapi.landing, name="landing"),
    path("conformance", ogcapi.conformance, name="conformance"),
    path("collections", ogcapi.collections, name="collections"),
    path("collections/<slug:collection_id>", ogcapi.collection, name="collection"),
    path("collections/<slug:collection_id>/queryables", ogcapi.queryables, name="queryables"),
    path("collections/<slug:collection_id>/items", ogcapi.items, name="items"),
    path("collections/<slug:collection_id>/items/<str:feature_id>", ogcapi.item, name="item"),
]
