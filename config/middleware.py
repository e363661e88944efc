from django.http import JsonResponse
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    """A NUL byte cannot be stored in PostgreSQL text and has no meaning in a URL or form: answer 400 once,
    here, instead of a database error wherever such a value reaches a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *request.GET.keys(), *request.GET.values()]
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            values += [*request.POST.keys(), *request.POST.values()]
        nul_in_json = request.content_type == "application/json" and (
            b"\x00" in request.body or b"\\u0000" in request.body
        )
        if nul_in_json or any("\x00" in value for value in values):
            return JsonResponse({"detail": _("Die Anfrage enthält ungültige Zeichen.")}, status=400)
        return self.get_response(request)
