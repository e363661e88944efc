from django.urls import path

from pages import views
from pages.models import LegalPage

app_name = "pages"

K = LegalPage.Kind
# Each legal page is named by its kind (the footer links them by name: pages/templatetags/legal.py).
urlpatterns = [
    path("impressum/", views.legal_page, {"kind": K.IMPRESSUM}, name="impressum"),
    path("datenschutz/", views.legal_page, {"kind": K.DATENSCHUTZ}, name="datenschutz"),
    path("barrierefreiheit/", views.legal_page, {"kind": K.BARRIEREFREIHEIT}, name="barrierefreiheit"),
    path("nutzungsbedingungen/", views.legal_page, {"kind": K.NUTZUNG}, name="nutzungsbedingungen"),
    path("kontakt/", views.contact, name="kontakt"),
    path("sprache/<str:code>/", views.language, name="language"),
    path("verwaltung/seiten/", views.legal_page_list, name="edit-list"),
    path("verwaltung/seiten/<slug:kind>/", views.legal_page_edit, name="edit"),
    path("verwaltung/kontakt/", views.contact_inbox, name="inbox"),
    path("verwaltung/gebaerdensprache/", views.sign_language_video_edit, name="sign-video"),
    path("verwaltung/kontakt/<int:pk>/beantwortet/", views.contact_answered, name="answered"),
]
