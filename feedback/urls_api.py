from django.urls import path

from feedback import apis

api_urlpatterns = [
    path(
        "layers/<int:layer_id>/features/<int:feature_id>/feedback/",
        apis.FeatureFeedbackApi.as_view(),
        name="feature-feedback",
    ),
]
