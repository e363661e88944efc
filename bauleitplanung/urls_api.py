from django.urls import path

from bauleitplanung import apis

api_urlpatterns = [
    path("projects/<slug:slug>/procedure/", apis.ProcedureApi.as_view(), name="procedure"),
    path("projects/<slug:slug>/statements/", apis.StatementCreateApi.as_view(), name="procedure-statements"),
]
