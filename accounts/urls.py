from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/daten/", views.data_export, name="export"),
    path("profil/tokens/", views.api_tokens, name="api-tokens"),
    path("profil/tokens/<int:token_id>/widerrufen/", views.api_token_revoke, name="api-token-revoke"),
    path("profil/loeschen/", views.account_delete, name="delete"),
]
