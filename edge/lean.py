"""A lean path in front of a DRF view, for the few requests that are made very often (a support in vote week,
the map's ideas list on every pan).

DRF's request wrapping, content negotiation, authenticators, permission classes and per-field input
serializers cost more CPU than the work of these requests. `lean_view` answers the common case with plain
Django and hands every other request, unchanged, to the DRF view: anything unusual (a token, a failed CSRF
check, an Accept header other than JSON, an input the fast parser does not take) gets DRF's own answer, the
same as before. The URL keeps the DRF class as `view.cls`, so drf-spectacular documents the endpoint as it is.

Errors the lean path meets after it took the request (a service's refusal, an idea that is gone) are answered
by DRF's exception handler, so their bodies and status codes, in the user's language, stay DRF's.
"""

import json

from django.http import HttpResponse
from rest_framework.authentication import CSRFCheck
from rest_framework.settings import api_settings

_JSON_SEPARATORS = (",", ":")  # DRF's compact JSON


def json_response(data, *, status: int = 200, content_type: str = "application/json", allow: str = "") -> HttpResponse:
    """The bytes DRF's JSONRenderer would write for `data` (plain JSON types only)."""
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=_JSON_SEPARATORS), status=status, content_type=content_type
    )
    if allow:
        response["Allow"] = allow
    return response


def error_response(exc, *, allow: str = "") -> HttpResponse:
    """DRF's answer to `exc` (Http404, PermissionDenied, an APIException); re-raises what DRF would not answer."""
    handled = api_settings.EXCEPTION_HANDLER(exc, {})
    if handled is None:
        raise exc
    response = json_response(handled.data, status=handled.status_code, allow=allow)
    for header in ("WWW-Authenticate", "Retry-After"):  # what the handler sets besides the body
        if header in handled:
            response[header] = handled[header]
    return response


def accepts_json(request) -> bool:
    """The Accept header lets DRF's negotiation pick JSON; anything else is left to DRF (its 406 included)."""
    accept = request.META.get("HTTP_ACCEPT", "")
    return not accept or "*/*" in accept or "application/json" in accept or "application/*" in accept


def session_user(request):
    """The signed-in user of a browser request as DRF's SessionAuthentication would accept it (an active user,
    a passing CSRF check for writes, no Authorization header that DRF would read first), else None."""
    if "HTTP_AUTHORIZATION" in request.META or "format" in request.GET:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
        check = CSRFCheck(lambda _request: None)
        check.process_request(request)
        if check.process_view(request, None, (), {}):
            return None
    return user


def lean_view(drf_class, fast):
    """The URL's view: `fast(request, **kwargs)` answers, or returns None to hand the request to `drf_class`.

    `fast` must decide whether it takes the request before it does anything (counts a limit, writes)."""
    full = drf_class.as_view()

    def view(request, *args, **kwargs):
        response = fast(request, *args, **kwargs)
        return full(request, *args, **kwargs) if response is None else response

    view.cls = full.cls  # what drf-spectacular documents
    view.initkwargs = full.initkwargs
    view.csrf_exempt = True  # as DRF's view: the CSRF check is session_user's (or DRF's) for session users
    view.__name__ = view.__qualname__ = drf_class.__name__
    view.__module__ = drf_class.__module__
    return view
