from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("auswertung/", views.DashboardView.as_view(), name="index"),
    path("auswertung/dichte/", views.DensityView.as_view(), name="density"),
    path("auswertung/auswahl/", views.FilterChoicesView.as_view(), name="filter-choices"),
    path("auswertung/verlauf/", views.TrendsView.as_view(), name="trends"),
    path("auswertung/export/<slug:table>.<str:fmt>", views.TableExportView.as_view(), name="table-export"),
    path("auswertung/karte.<str:fmt>", views.MapExportView.as_view(), name="map-export"),
    path("ergebnisse/vorhaben/<slug:slug>/", views.project_results, name="project-results"),
    path("ergebnisse/umfragen/<slug:slug>/", views.survey_results, name="survey-results"),
]
