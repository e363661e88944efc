from django.urls import path

from geo import apis, exports_api

api_urlpatterns = [
    path("districts/", apis.DistrictListApi.as_view(), name="district-list"),
    path("districts/<slug:slug>/", apis.DistrictDetailApi.as_view(), name="district-detail"),
    path("geocode/", apis.GeocodeApi.as_view(), name="geocode"),
    path("streets/", apis.StreetListApi.as_view(), name="street-list"),
    path("streets/labels/", apis.StreetLabelApi.as_view(), name="street-labels"),
    path("locate/", apis.LocateApi.as_view(), name="locate"),
    path("exports/<slug:dataset>.<slug:fmt>", exports_api.DatasetExportApi.as_view(), name="export"),
]
