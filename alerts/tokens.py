"""Signed links: confirming, unsubscribing, managing and the personal feed, without login.

Each purpose has its own salt, so a link for one cannot be used for another. An unsubscribe or feed link
names one subscription only; the manage link names an address and is only ever sent to that address.
"""

from django.core import signing

CONFIRM_MAX_AGE = 7 * 24 * 3600
MANAGE_MAX_AGE = 30 * 24 * 3600

_CONFIRM = "alerts.confirm"
_UNSUBSCRIBE = "alerts.unsubscribe"
_MANAGE = "alerts.manage"
_FEED = "alerts.feed"


def confirm_token(email: str) -> str:
    return signing.dumps(email.lower(), salt=_CONFIRM, compress=True)


def confirm_email(token: str) -> str | None:
    return _loads(token, _CONFIRM, CONFIRM_MAX_AGE)


def unsubscribe_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=_UNSUBSCRIBE)


def unsubscribe_id(token: str) -> int | None:
    value = _loads(token, _UNSUBSCRIBE, None)
    return value if isinstance(value, int) else None


def manage_token(email: str) -> str:
    return signing.dumps(email.lower(), salt=_MANAGE, compress=True)


def manage_email(token: str) -> str | None:
    value = _loads(token, _MANAGE, MANAGE_MAX_AGE)
    return value if isinstance(value, str) else None


def feed_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=_FEED)


def feed_id(token: str) -> int | None:
    value = _loads(token, _FEED, None)
    return value if isinstance(value, int) else None


def _loads(token: str, salt: str, max_age: int | None):
    if not token or len(token) > 500:
        return None
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
