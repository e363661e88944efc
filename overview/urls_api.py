from django.urls import path

from overview.apis import IdeaSimilarApi

api_urlpatterns = [path("ideas/similar/", IdeaSimilarApi.as_view(), name="idea-similar")]
