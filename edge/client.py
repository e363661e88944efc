"""The client's address, for every limit per address (django-ratelimit, allauth, edge.limits).

Behind N trusted proxies (DJANGO_TRUSTED_PROXY_COUNT) each proxy appends the address it received the
request from to X-Forwarded-For, so the client is the N-th entry from the right; anything further left
was written by the client and may be forged. Without proxies (the default) the header is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:  # the request did not pass all our proxies
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
