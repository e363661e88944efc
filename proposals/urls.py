from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.idea_map, name="map"),
    path("neu/", views.idea_create, name="create"),
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/foto/", views.idea_photo, name="photo"),
    path("<int:pk>/unterstuetzen/", views.idea_support, name="support"),
    path("<int:pk>/kommentieren/", views.idea_comment, name="comment"),
    path("<int:pk>/melden/", views.idea_report, name="report"),
    path("<int:pk>/folgen/", views.idea_follow, name="follow"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/<int:pk>/", views.moderation_idea, name="moderate"),
    path("moderation/auswahl/", views.moderation_bulk, name="moderate-bulk"),
    path("moderation/meldungen/<int:pk>/", views.report_resolve, name="report-resolve"),
]
