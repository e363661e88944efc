from importlib import import_module

from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from config.admin_login import admin_login
from config.home import home
from config.stadtteil import stadtteil_detail
from config.staff import staff_start
from config.views import healthz
from geo.ogcapi import landing as ogc_landing
from geo.wfs import DatasetWFSView

# Each app's api_urlpatterns from <app>/urls_api.py. The ideas first: the map asks its list on every pan. No
# pattern of one app matches another app's paths.
API_APPS = ("proposals", "overview", "geo", "layers", "feedback", "surveys", "bauleitplanung")
api_v1 = [pattern for app in API_APPS for pattern in import_module(f"{app}.urls_api").api_urlpatterns]

# The apps' pages under their prefixes, tried in this order.
APP_PAGES = [
    *(("", app) for app in ("geo", "layers", "feedback", "bauleitplanung")),
    ("ideen/", "proposals"),
    ("umfragen/", "surveys"),
    *(("", app) for app in ("dashboard", "overview", "alerts", "pages")),
    *(("konto/", app) for app in ("accounts", "allauth")),
]

urlpatterns = [
    # First: no pattern above it could match a path under api/v1/ (every one starts with other text), and the API
    # (a support, the map's list) is asked most often; the resolver tries the patterns in order.
    path("api/v1/", include((api_v1, "api"))),
    path("", home, name="home"),
    path("stadtteile/<slug:slug>/", stadtteil_detail, name="stadtteil"),
    path("verwaltung/", staff_start, name="staff-start"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    *(path(prefix, include(f"{app}.urls")) for prefix, app in APP_PAGES),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("ogc/", include("geo.urls_gis")),
    path("wfs/", DatasetWFSView.as_view(), name="wfs"),
    # Served without the slash too: QGIS 3.22 does not follow the relative redirect to the slashed root.
    path("ogc", ogc_landing),
    path("wfs", DatasetWFSView.as_view()),
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    *(
        [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
        if settings.SERVE_MEDIA
        else []
    ),
]

handler500 = "edge.outage.server_error"
