from django.urls import path

from layers import apis, staff_views, views

app_name = "layers"

urlpatterns = [
    path("vorhaben/", views.project_list, name="project-list"),
    path("vorhaben/neu/", staff_views.project_create, name="project-create"),
    path("vorhaben/<slug:slug>/", views.project_detail, name="project-detail"),
    path("vorhaben/<slug:slug>/bearbeiten/", staff_views.project_edit, name="project-edit"),
    path("vorhaben/<slug:slug>/phasen/neu/", staff_views.phase_create, name="phase-create"),
    path("vorhaben/<slug:slug>/dokumente/neu/", staff_views.document_create, name="document-create"),
    path("vorhaben/<slug:slug>/neuigkeiten/neu/", staff_views.news_create, name="news-create"),
    path("vorhaben/<slug:slug>/ebenen/import/", staff_views.layer_import, name="layer-import"),
    path("tiles/<int:layer_id>/<int:z>/<int:x>/<int:y>.mvt", apis.layer_tile, name="tile"),
]
