from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from edge.outage import DATABASE_DOWN, RETRY_AFTER_SECONDS


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitoring, and for people:
    `detail` in the request's language, as every other outage answer)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        body = {"status": "unavailable", "database": "down", "detail": str(DATABASE_DOWN), "code": "unavailable"}
        response = JsonResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "up"})
