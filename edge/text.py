"""The one text rule at the input: no C0 control characters except tab and line breaks.

Such characters have no meaning in a title, a comment or a search, PostgreSQL cannot store NUL, XML 1.0 (WFS
GML, XLSX) cannot carry any of them, and one U+000B in an idea title used to break the spreadsheets and the
GML of every export it reached. Requests are refused here, once, with a 400 in the user's language; the
writers (edge.tables, the WFS) strip what older rows may still hold.
"""

import json
import re

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from edge.outage import is_api

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
JSON_TYPES = ("application/json", "application/geo+json")


def strip_controls(text: str) -> str:
    return CONTROLS.sub("", text)


def free_text(value: str, *, field: str, min_length: int, max_length: int) -> str:
    """The rule for a free-text field in a service (titles, comments, reasons, feedback), for input that did
    not come through a request (seeds, commands, jobs) as much as for input that did."""
    value = strip_controls(value or "").strip()
    if len(value) < min_length:
        raise ValidationError({field: _("Bitte schreiben Sie mindestens %(n)d Zeichen.") % {"n": min_length}})
    if len(value) > max_length:
        raise ValidationError({field: _("Bitte schreiben Sie höchstens %(n)d Zeichen.") % {"n": max_length}})
    return value


def _strings(value):
    """Every string in a parsed JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _json_strings(body: bytes):
    try:
        return _strings(json.loads(body))
    except (ValueError, RecursionError):  # not JSON, or nested too deep: the parser answers that with its 400
        return iter([body.decode("utf-8", "replace")]) if b"\x00" in body else iter(())


class TextRuleMiddleware:
    """Refuses a request whose path, query, form fields or JSON strings hold a control character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *request.GET.keys(), *request.GET.values()]
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            values += [*request.POST.keys(), *request.POST.values()]
        elif request.content_type in JSON_TYPES and request.body:
            values += _json_strings(request.body)
        if any(CONTROLS.search(value) for value in values):
            return refusal(request)
        return self.get_response(request)


def refusal(request) -> HttpResponse:
    message = _("Die Anfrage enthält ungültige Zeichen (Steuerzeichen). Bitte entfernen Sie sie und senden Sie erneut.")
    if is_api(request) or request.content_type in JSON_TYPES:
        return JsonResponse({"detail": message, "code": "control_characters"}, status=400)
    # Rendered without the request's context: the form came from a page, but its data is not to be shown again.
    return HttpResponse(render_to_string("400.html", {"message": message}), status=400)
