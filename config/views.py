import sys

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


RETRY_AFTER_SECONDS = 30
API_PREFIXES = ("/api/", "/ogc/", "/wfs/", "/healthz")


def server_error(request):
    """Django's handler500 for any uncaught exception. A database outage is not our bug but a passing state:
    503 with Retry-After (JSON for machines, a short German page for people); the next request after the
    database is back opens a fresh connection, so the site recovers by itself. The pages are rendered
    without the request's context, which would touch the session and the user in the database."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        if request.path.startswith(API_PREFIXES):
            response = JsonResponse(
                {"detail": _("Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.")},
                status=503,
            )
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if request.path.startswith(API_PREFIXES):
        return JsonResponse({"detail": _("Interner Fehler. Wir kümmern uns darum.")}, status=500)
    return HttpResponse(render_to_string("500.html"), status=500)
