from django.urls import path

from surveys import apis

api_urlpatterns = [
    path("surveys/", apis.SurveyListApi.as_view(), name="survey-list"),
    path("surveys/<int:survey_id>/", apis.SurveyDetailApi.as_view(), name="survey-detail"),
    path("surveys/<int:survey_id>/responses/", apis.ResponseCreateApi.as_view(), name="survey-response-create"),
    path("surveys/<int:survey_id>/results/", apis.SurveyResultsApi.as_view(), name="survey-results"),
]
