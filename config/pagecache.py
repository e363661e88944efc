"""A cache of the public pages for visitors without a session: the page is rendered once per few seconds
per path, query and language, and every other anonymous request is answered from Redis.

What stays per response although the page is shared (docs/performance.md, "Cost per request"):
- the CSRF token of the forms (an anonymous survey, the contact form): stored as a placeholder and filled with
  this visitor's own token on each answer, which also sets their CSRF cookie as a rendered page would;
- the CSP nonce of inline scripts (the results maps): stored as a placeholder and filled with a nonce made
  for this response, which django-csp's middleware then names in this response's header;
- the language: part of the key (LocaleMiddleware has chosen it before this middleware runs), and the
  Content-Language and Vary headers are set again by the middleware around this one.

Who is served from the cache: GET or HEAD without a session cookie and without a messages cookie (a
signed-in visitor, or one with a flash message waiting, always has one of them), for the URL names in
settings.PAGE_CACHE_URL_NAMES. What is stored: a 200 text/html answer that set no cookie but the CSRF one and
touched no session. Freshness: every entry lives PAGE_CACHE_SECONDS (5 s), so a new idea, a moderation or a
counter shows on the cached pages within 5 s of its commit; nothing needs to be invalidated by hand.
"""

import contextlib
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

from edge.outage import CACHE_ERRORS

NONCE_MARK = "@@klmw-csp-nonce@@"
CSRF_MARK = "@@klmw-csrf-token@@"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{32,64})(")')


def _cache_key(request) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(where.encode(), digest_size=16).hexdigest()
    return f"page:{request.LANGUAGE_CODE}:{digest}"


def _cacheable_request(request) -> bool:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    # The handler's own resolution (process_view runs after it): resolving here again cost every anonymous
    # request that is not a page (the map's API calls) a second walk through the URL patterns.
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in settings.PAGE_CACHE_URL_NAMES


def _storable(request, response) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and not (session is not None and session.modified)
        and not getattr(getattr(request, "_messages", None), "_queued_messages", None)
    )


class PageCacheMiddleware:
    """The innermost middleware: a hit skips the view (from process_view, once the handler has resolved the URL),
    the middleware around it still does its part."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)  # set by process_view on a miss
        if key is not None and _storable(request, response):
            entry = (self._impersonal(request, response), response["Content-Type"])
            with contextlib.suppress(CACHE_ERRORS):
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """After the URL is resolved, before the view: a hit answers instead of the view."""
        if not _cacheable_request(request):
            return None
        key = _cache_key(request)
        try:
            stored = cache.get(key)
        except CACHE_ERRORS:  # Redis down: anonymous pages are rendered as without the cache (edge.outage)
            return None
        if stored is not None:
            return self._answer(request, *stored)
        request._page_cache_key = key
        return None

    @staticmethod
    def _impersonal(request, response) -> str:
        body = response.content.decode(response.charset)
        nonce = getattr(request, "_csp_nonce", None)
        if isinstance(nonce, str):
            body = body.replace(nonce, NONCE_MARK)
        return _CSRF_INPUT.sub(rf"\g<1>{CSRF_MARK}\g<3>", body)

    @staticmethod
    def _answer(request, body: str, content_type: str) -> HttpResponse:
        if NONCE_MARK in body:
            body = body.replace(NONCE_MARK, str(request.csp_nonce))
        if CSRF_MARK in body:
            body = body.replace(CSRF_MARK, get_token(request))
        response = HttpResponse(body, content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return response
