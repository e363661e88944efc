from django.urls import path

from layers import apis

api_urlpatterns = [
    path("projects/", apis.ProjectListApi.as_view(), name="project-list"),
    path("projects/<slug:slug>/", apis.ProjectDetailApi.as_view(), name="project-detail"),
    path("projects/<slug:slug>/layers/", apis.ProjectLayerListApi.as_view(), name="project-layers"),
    path("layers/<int:layer_id>/features/", apis.LayerFeatureListApi.as_view(), name="layer-features"),
]
