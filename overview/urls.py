from django.urls import path

from overview import views

app_name = "overview"

urlpatterns = [
    path("auswertung/themen/", views.index, name="index"),
    path("auswertung/themen/berechnen/", views.run_start, name="run-start"),
    path("auswertung/themen/gruppen/<int:pk>/", views.group_detail, name="group"),
    path("auswertung/themen/gruppen/<int:pk>/abwaegen/", views.group_decide, name="group-decide"),
    path("auswertung/themen/gruppen/<int:pk>/stellungnahmen/", views.group_statements, name="group-statements"),
    path("auswertung/themen/themen/<int:pk>/", views.topic_edit, name="topic-edit"),
    path("auswertung/themen/vorschlaege/<int:pk>/", views.suggestion_decide, name="suggestion-decide"),
    path(
        "auswertung/themen/vorschlaege/stellungnahme/<int:pk>/",
        views.statement_suggestion_decide,
        name="statement-suggestion-decide",
    ),
    path("themen/", views.public_topics, name="public"),
]
