from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/daten/", views.data_export, name="export"),
    path("profil/loeschen/", views.account_delete, name="delete"),
]
