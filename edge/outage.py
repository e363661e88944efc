"""A passing outage of the database or of Redis is not our bug: a 503 in the user's language, never a 500.

The next request after the service is back opens a fresh connection (psycopg, redis-py's pool), so the site
recovers by itself. While Redis is down, sessions are read from the database (edge.sessions), anonymous pages
do not need it, and what needs it (a rate limit that must be counted before a write, allauth's login
limits) answers here: refused with a clear message rather than let through uncounted.
"""

import sys

from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


class LimitsUnavailableError(Exception):
    """A rate limit could not be counted, so the write it guards is refused."""


CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError)
DATABASE_DOWN = gettext_lazy("Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.")
RETRY_AFTER_SECONDS = 30
API_PREFIXES = ("/api/", "/ogc/", "/wfs/", "/healthz")


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIXES)


def outage_response(request, error: BaseException | None) -> HttpResponse | None:
    """The 503 for an outage (JSON for machines, a short page for people), or None for any other error."""
    page_message = None  # the page's own text speaks of the database
    if isinstance(error, DatabaseError):
        message = str(DATABASE_DOWN)
    elif isinstance(error, (LimitsUnavailableError, *CACHE_ERRORS)):
        message = _(
            "Ein Dienst der Plattform ist gerade nicht erreichbar, darum wurde nichts gespeichert. "
            "Bitte versuchen Sie es in einer Minute noch einmal."
        )
        page_message = message
    else:
        return None
    response: HttpResponse
    if is_api(request):
        response = JsonResponse({"detail": message, "code": "unavailable"}, status=503)
    else:
        # Rendered without the request's context, which would touch the session and the user.
        response = HttpResponse(render_to_string("503.html", {"message": page_message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class CacheOutageMiddleware:
    """Answers a Redis outage raised in a view (limits, allauth) with the 503, so it never reaches handler500.

    Database errors are left to handler500 (server_error below), as before: inside a view some of them are
    the view's to handle (IntegrityError under a constraint)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (LimitsUnavailableError, *CACHE_ERRORS)):
            return outage_response(request, exception)
        return None


def server_error(request):
    """Django's handler500 for any uncaught exception: an outage is a 503, anything else a plain 500."""
    response = outage_response(request, sys.exc_info()[1])
    if response is not None:
        return response
    if is_api(request):
        return JsonResponse({"detail": _("Interner Fehler. Wir kümmern uns darum.")}, status=500)
    return HttpResponse(render_to_string("500.html"), status=500)
