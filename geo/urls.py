from django.urls import path

from geo import views

app_name = "geo"

urlpatterns = [
    path("daten/", views.data_sources, name="data_sources"),
    path("gis/", views.gis, name="gis"),
    path("gis/klmitwirkung.qgs", views.gis_project, name="gis-project"),
]
