from django.urls import path

from proposals.apis import ideas, participation

api_urlpatterns = [
    path("ideas/", ideas.idea_collection, name="idea-list"),
    path("ideas/clusters/", ideas.IdeaClusterApi.as_view(), name="idea-clusters"),
    path("ideas/<int:pk>/", ideas.IdeaDetailApi.as_view(), name="idea-detail"),
    path("ideas/<int:pk>/support/", participation.idea_support, name="idea-support"),
    path("ideas/<int:pk>/comments/", participation.IdeaCommentsApi.as_view(), name="idea-comments"),
]
