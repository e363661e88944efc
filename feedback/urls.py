from django.urls import path

from feedback import staff_views, views

app_name = "feedback"

urlpatterns = [
    path("vorhaben/<slug:slug>/rueckmeldungen/", views.public_list, name="public-list"),
    path("vorhaben/<slug:slug>/rueckmeldungen/folgen/", views.follow, name="follow"),
    path("vorhaben/<slug:slug>/rueckmeldungen/objekt/<int:feature_id>/", views.feature_page, name="feature"),
    path("vorhaben/<slug:slug>/rueckmeldungen/<int:pk>/melden/", views.report, name="report"),
    path("vorhaben/<slug:slug>/rueckmeldungen/<int:pk>/foto/", views.feedback_photo, name="photo"),
    path("vorhaben/<slug:slug>/abwaegung/", staff_views.review, name="review"),
    path("vorhaben/<slug:slug>/abwaegung/<int:pk>/", staff_views.review_action, name="review-action"),
    path("vorhaben/<slug:slug>/abwaegung/freigeben/", staff_views.release, name="release"),
    path("vorhaben/<slug:slug>/abwaegung/ebenen/", staff_views.layer_toggle, name="layer-toggle"),
    path("vorhaben/<slug:slug>/abwaegungstabelle.<str:fmt>", staff_views.decision_table, name="decision-table"),
]
