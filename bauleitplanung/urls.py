from django.urls import path

from bauleitplanung import agency_views, staff_views, views

app_name = "bauleitplanung"

urlpatterns = [
    path("vorhaben/<slug:slug>/stellungnahme/", views.statement_form, name="statement-form"),
    path("vorhaben/<slug:slug>/stellungnahme/<int:number>/", views.confirmation, name="confirmation"),
    path("vorhaben/<slug:slug>/stellungnahmen/", views.statement_list, name="statements"),
    path("vorhaben/<slug:slug>/plan-hochladen/", views.plan_upload, name="plan-upload"),
    path("vorhaben/<slug:slug>/verfahrensschritte/", views.steps, name="steps"),
    path("vorhaben/<slug:slug>/stellungnahmen/<int:number>/", staff_views.statement_detail, name="statement"),
    path(
        "vorhaben/<slug:slug>/stellungnahmen/<int:number>/anhang/<int:pk>/", staff_views.attachment, name="attachment"
    ),
    path("vorhaben/<slug:slug>/stellungnahmen/gruppe/", staff_views.group_new, name="group-new"),
    path("vorhaben/<slug:slug>/stellungnahmen/beschluss/", staff_views.publish, name="publish"),
    path("vorhaben/<slug:slug>/stellungnahmen/abwaegungstabelle-pdf/", staff_views.table_pdf_start, name="table-pdf"),
    path("vorhaben/<slug:slug>/stellungnahmen/abwaegungstabelle.<str:fmt>", staff_views.paper, name="paper"),
    path("vorhaben/<slug:slug>/stellungnahmen/ergebnisbriefe.pdf", staff_views.letters, name="letters"),
    path("vorhaben/<slug:slug>/behoerden/", agency_views.agencies, name="agencies"),
    path("beteiligung/behoerde/<str:token>/", agency_views.agency_statement, name="agency"),
]
