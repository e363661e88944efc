"""Who is answering: a registered user, or a browser known by a signed token (anonymous surveys)."""

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from edge.limits import retry_after

# Names, not secrets: the signature comes from SECRET_KEY.
TOKEN_COOKIE = "klmw_survey"  # noqa: S105
TOKEN_SALT = "surveys.respondent"  # noqa: S105
TOKEN_MAX_AGE = 60 * 60 * 24 * 365


def respondent_token(request: HttpRequest) -> str | None:
    return request.get_signed_cookie(TOKEN_COOKIE, default=None, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)


def new_token() -> str:
    return uuid.uuid4().hex


def remember_token(response: HttpResponse, token: str) -> None:
    response.set_signed_cookie(
        TOKEN_COOKIE,
        token,
        salt=TOKEN_SALT,
        max_age=TOKEN_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def anonymous_retry_after(request: HttpRequest) -> int | None:
    """Counts one anonymous submission for the client's address; the seconds to wait once the rate is used up."""
    return retry_after(
        request, "surveys.anonymous", settings.SURVEY_ANONYMOUS_RATE, account_key=None, per_address=False
    )
