from django.urls import path

from geo import apis, exports_api, views

app_name = "geo"

urlpatterns = [
    path("daten/", views.data_sources, name="data_sources"),
    path("gis/", views.gis, name="gis"),
    path("gis/klmitwirkung.qgs", views.gis_project, name="gis-project"),
]

api_urlpatterns = [
    path("districts/", apis.DistrictListApi.as_view(), name="district-list"),
    path("districts/<slug:slug>/", apis.DistrictDetailApi.as_view(), name="district-detail"),
    path("geocode/", apis.GeocodeApi.as_view(), name="geocode"),
    path("streets/", apis.StreetListApi.as_view(), name="street-list"),
    path("streets/labels/", apis.StreetLabelApi.as_view(), name="street-labels"),
    path("locate/", apis.LocateApi.as_view(), name="locate"),
    path("exports/<slug:dataset>.<slug:fmt>", exports_api.DatasetExportApi.as_view(), name="export"),
]
