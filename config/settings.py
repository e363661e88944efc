"""Settings, driven by environment variables (and a local `.env` written by `make run`)."""

from pathlib import Path
from urllib.parse import urlparse

import environ
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from celery.schedules import crontab
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")  # real environment variables win

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (make run writes one to .env).")
# The seed of the disclosure noise (geo/disclosure.py): its own secret, so that rotating SECRET_KEY does not
# give every published number fresh noise (which a reader could average). Production sets its own.
DISCLOSURE_SEED = env("DISCLOSURE_SEED", default="klmw-development-only")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_gis",
    "rest_framework.authtoken",
    "gisserver",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "geo",
    "accounts",
    "layers",
    "allauth",
    "allauth.account",
    "proposals",
    "feedback",
    "surveys",
    "dashboard",
    "bauleitplanung",
    "overview",
    "alerts",
    "pages",
    "django_celery_results",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "edge.text.TextRuleMiddleware",
    "edge.outage.CacheOutageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.AuthenticationMiddleware",  # the user in one statement
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.SiteCSPMiddleware",
    "config.pagecache.PageCacheMiddleware",
]
# Public pages served to visitors without a session from a cache shared by all workers (config/pagecache.py).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=5)
PAGE_CACHE_URL_NAMES = {
    "home", "stadtteil", "proposals:map", "proposals:detail", "layers:project-list", "layers:project-detail",
    "surveys:list", "surveys:detail", "surveys:results", "dashboard:survey-results", "dashboard:project-results",
}  # fmt: skip
# The shared part of an idea's page (text, map, history, comments), cached per idea version for every visitor
# (proposals/views/detail.py); edits that move no version show within this many seconds.
IDEA_FRAGMENT_SECONDS = env.int("IDEA_FRAGMENT_SECONDS", default=5)
if env.bool("BENCH_QUERY_COUNT", default=False):  # set only by the benchmark harness's own server (bench/http.py)
    MIDDLEWARE.insert(0, "bench.middleware.QueryCountHeader")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

# PostGIS everywhere (DESIGN.md): there is no other engine to fall back to.
DATABASES = {"default": env.db("DATABASE_URL", default="postgis://postgres@127.0.0.1:5432/klmitwirkung")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] != "django.contrib.gis.db.backends.postgis":
    raise ImproperlyConfigured("DATABASE_URL must use the postgis:// scheme.")
# Read replicas (streaming replication of the primary): reads go there, writes to "default".
DATABASE_REPLICAS = []
for _i, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[])):
    DATABASES[f"replica{_i}"] = {**env.db_url_config(_url), "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    DATABASES[f"replica{_i}"]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(f"replica{_i}")
DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis holds the cache, the sessions and the rate-limit counters that all web processes share.
REDIS_URL = env("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "edge.cache.RedisCache", "LOCATION": REDIS_URL}  # one client per pool (edge/cache.py)
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if REDIS_URL:
    SESSION_ENGINE = "edge.sessions"  # in the database, Redis in front: survives a Redis restart

# Jobs outside the request (docs/jobs.md). Without Redis (a bare `make run` or the tests) they run at once, in process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "redis://127.0.0.1:6379/0")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Results (and failures, with their traceback) are stored in the database, where staff see them in the admin.
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Berlin"
CELERY_BEAT_SCHEDULE: dict = {}  # apps add their periodic jobs here
CELERY_BEAT_SCHEDULE["overview-refresh"] = {"task": "overview.refresh", "schedule": 15 * 60}
CELERY_BEAT_SCHEDULE["bauleitplanung-agency-reminders"] = {
    "task": "bauleitplanung.tasks.agency_reminders_send",
    "schedule": 24 * 60 * 60,
}
CELERY_BEAT_SCHEDULE |= {  # alerts (docs/alerts.md)
    "alerts-scan": {"task": "alerts.scan", "schedule": 60.0},
    "alerts-bundled": {"task": "alerts.send_digests", "schedule": crontab(minute=5), "args": ["immediate"]},
    "alerts-daily": {"task": "alerts.send_digests", "schedule": crontab(hour=7, minute=0), "args": ["daily"]},
    "alerts-weekly": {
        "task": "alerts.send_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
        "args": ["weekly"],
    },
    "alerts-expire": {"task": "alerts.expire", "schedule": crontab(hour=3, minute=30)},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.ModelPermissionsForStaffOnly",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Django's default, written out so that the tests can check it stays (tests/settings.py swaps it for speed).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries come from PyPI packages (xstatic-*), not from a CDN or a committed copy.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("vendor/leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
# Files that must not be public under MEDIA_URL (idea photos: served by a view that checks the idea).
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

# The basemap. OpenStreetMap's tile servers allow light use only: production points this at the
# city's own or a contracted tile service (e.g. basemap.de, see docs/frontend.md). Empty: no base map and no
# request to any third party; every map then draws the city from our own PostGIS only.
BASEMAP_URL = env("BASEMAP_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
BASEMAP_ATTRIBUTION = env(
    "BASEMAP_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap-Mitwirkende</a>',
)
BASEMAP_MAX_ZOOM = env.int("BASEMAP_MAX_ZOOM", default=19)

# Admin map widgets (django-leaflet ships its own Leaflet; no external script).
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (49.44, 7.77),
    "DEFAULT_ZOOM": 12,
    "MIN_ZOOM": 10,
    "MAX_ZOOM": BASEMAP_MAX_ZOOM,
    "TILES": [("Basiskarte", BASEMAP_URL, {"attribution": BASEMAP_ATTRIBUTION})] if BASEMAP_URL else [],
    "RESET_VIEW": False,
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["edge.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Browsers by session, GIS clients and scripts by token; no HTTP Basic (a password per request is a
    # brute-force door past the login's limits and e-mail verification).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.TokenAuthentication",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KLmitWirkung API",
    "DESCRIPTION": "Öffentliche Schnittstelle der Beteiligungsplattform der Stadt Kaiserslautern.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "edge.schema.document_client_errors"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

# Scripts only from our own files, or inline with the response's nonce (folium maps); the basemap's tiles
# are the one outside origin. Inline style attributes remain (swatches, bars), styles cannot run code.
_basemap = urlparse(BASEMAP_URL) if BASEMAP_URL else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"]
        + ([f"{_basemap.scheme}://{_basemap.netloc.replace('{s}', '*')}"] if _basemap else []),
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],  # ReDoc
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Secure by default; docs/security.md lists what an operator sets behind the TLS load balancer.
    if env.bool("DJANGO_BEHIND_HTTPS_PROXY", default=False):
        # Trust its X-Forwarded-Proto, so links (OGC API, WFS) are https and plain http is redirected.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=365 * 24 * 3600)  # sent on https only
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)  # a commitment for the whole domain
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Uploaded photos and documents: served by the web process only where no web server or bucket does it.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)

# layers (planning projects): limits for planners' uploads.
LAYERS_IMPORT_MAX_BYTES = env.int("LAYERS_IMPORT_MAX_BYTES", default=100 * 1024 * 1024)
LAYERS_IMPORT_MAX_UNPACKED_BYTES = env.int("LAYERS_IMPORT_MAX_UNPACKED_BYTES", default=500 * 1024 * 1024)
LAYERS_IMPORT_MAX_FEATURES = env.int("LAYERS_IMPORT_MAX_FEATURES", default=250_000)
LAYERS_DOCUMENT_MAX_BYTES = env.int("LAYERS_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Layers up to this size go to the browser as GeoJSON; larger ones only as vector tiles.
LAYERS_GEOJSON_MAX_FEATURES = env.int("LAYERS_GEOJSON_MAX_FEATURES", default=5000)
# surveys: anonymous responses are limited per IP address (django-ratelimit, on the default cache).
SURVEY_ANONYMOUS_RATE = env("SURVEY_ANONYMOUS_RATE", default="30/h")

# geo (GIS services): exports run ogr2ogr, so each address may start only so many (django-ratelimit syntax).
GIS_EXPORT_RATE = env("GIS_EXPORT_RATE", default="60/h")
# How long the WFS's layer extents (GetCapabilities) may be kept at most: a saved or deleted row renews them at once,
# a bulk write (an import, an update()) within this many seconds (geo/wfs.py).
WFS_EXTENT_SECONDS = env.int("WFS_EXTENT_SECONDS", default=600)
# WFS GetFeature answers numberMatched="unknown" (WFS 2.0 allows it) and finds the next page by one row more,
# instead of counting every match: 955,000 published ideas took 175 ms of database CPU per page. Clients page on
# by the next link; resultType=hits still counts.
GISSERVER_COUNT_NUMBER_MATCHED = 0
# Licence and attribution that travel with every GIS service and file (docs/gis.md). The default licence is
# the one German cities mostly use; the city confirms or sets its own here.
GIS_LICENSE_TITLE = env("GIS_LICENSE_TITLE", default="Datenlizenz Deutschland – Namensnennung – Version 2.0")
GIS_LICENSE_URL = env("GIS_LICENSE_URL", default="https://www.govdata.de/dl-de/by-2-0")
GIS_ATTRIBUTION = env(
    "GIS_ATTRIBUTION",
    default="KLmitWirkung, Stadtverwaltung Kaiserslautern; Stadtteilgrenzen: Stadtverwaltung Kaiserslautern",
)

# Debian 12 ships GDAL 3.6, which cannot block file/network access from spatial references; user files
# reach GDAL only through the importers, which check their CRS definitions first.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# Ideas and accounts (proposals/, accounts/): django-allauth, emails, moderation default, rate limits.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")  # absolute links in emails
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / ".data" / "mail")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="KLmitWirkung <beteiligung@kaiserslautern.example>")
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[KLmitWirkung] "
# Limits per account strict, per client address generous (many people share one: a workshop, a carrier's
# NAT). The client address is read through DJANGO_TRUSTED_PROXY_COUNT proxies (edge.client) by every
# limit: django-ratelimit's, allauth's (accounts.adapter) and ours (edge.limits). docs/security.md.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "edge.client.client_ip"
RATE_LIMIT_ADDRESS_FACTOR = env.int("RATE_LIMIT_ADDRESS_FACTOR", default=20)
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupTermsForm"  # privacy notice and terms (pages/)
# The contact form and reported barriers (pages/) go to this address; staff answer from there.
CONTACT_EMAIL = env("CONTACT_EMAIL", default="beteiligung@kaiserslautern.example")
ACCOUNT_RATE_LIMITS = {
    "login_failed": "100/5m/ip,5/5m/key",
    "signup": "60/h/ip",
    "reset_password": "60/h/ip,5/h/key",
}
ADMIN_LOGIN_RATE = env("ADMIN_LOGIN_RATE", default="5/5m")  # per account; an address gets the factor above
# Ideas without a project: pre-moderation, as the city does today.
PROPOSALS_DEFAULT_MODERATION = env("PROPOSALS_DEFAULT_MODERATION", default="pre")
# Feedback on plan features (feedback/): how far from the feature a point may be, and rate limits.
FEEDBACK_MAX_DISTANCE_M = env.int("FEEDBACK_MAX_DISTANCE_M", default=100)
# Off: the features GeoJSON of layers carries no feedback columns (bench/feedback.py measures their cost).
FEEDBACK_COUNTS_ON_FEATURES = env.bool("FEEDBACK_COUNTS_ON_FEATURES", default=True)
FEEDBACK_RATE_LIMITS = {
    "create": env("FEEDBACK_RATE_CREATE", default="20/h"),
    "report": env("FEEDBACK_RATE_REPORT", default="20/h"),
    "follow": env("FEEDBACK_RATE_FOLLOW", default="30/h"),  # each follow may send e-mails
}
PROPOSALS_RATE_LIMITS = {
    "create": env("PROPOSALS_RATE_CREATE", default="10/h"),
    "support": env("PROPOSALS_RATE_SUPPORT", default="60/m"),
    "comment": env("PROPOSALS_RATE_COMMENT", default="20/h"),
    "report": env("PROPOSALS_RATE_REPORT", default="20/h"),
    "follow": env("PROPOSALS_RATE_FOLLOW", default="30/h"),  # each follow may send e-mails
}
# Statements without an account are the rule here: the address limit (x RATE_LIMIT_ADDRESS_FACTOR) matters most.
BAULEITPLANUNG_RATE_LIMITS = {"statement": env("BAULEITPLANUNG_RATE_STATEMENT", default="20/h")}
