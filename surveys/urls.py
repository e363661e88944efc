from django.urls import path

from surveys import staff_views, views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("verwalten/", staff_views.survey_manage_list, name="manage"),
    path("verwalten/neu/", staff_views.survey_create, name="manage-create"),
    path("verwalten/<slug:slug>/", staff_views.survey_edit, name="manage-edit"),
    path("verwalten/<slug:slug>/fragen/neu/", staff_views.question_create, name="manage-question-create"),
    path("verwalten/<slug:slug>/fragen/<int:question_id>/", staff_views.question_edit, name="manage-question-edit"),
    path(
        "verwalten/<slug:slug>/fragen/<int:question_id>/loeschen/",
        staff_views.question_delete,
        name="manage-question-delete",
    ),
    path(
        "verwalten/<slug:slug>/fragen/<int:question_id>/verschieben/",
        staff_views.question_move,
        name="manage-question-move",
    ),
    path("anonyme-antworten/", views.anonymous_answers, name="anonymous-answers"),
    path("anonyme-antworten/daten.json", views.anonymous_answers_export, name="anonymous-answers-export"),
    path("<slug:slug>/", views.survey_detail, name="detail"),
    path("<slug:slug>/ergebnisse/", views.survey_results, name="results"),
    path("<slug:slug>/export/teilnahmen.csv", views.export_responses, name="export-responses"),
    path("<slug:slug>/export/antworten.csv", views.export_answers, name="export-answers"),
    path("<slug:slug>/fragen/<int:question_id>/orte.geojson", views.exact_answers_geojson, name="exact-answers"),
]
