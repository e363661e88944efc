"""The Django admin's login, limited like the site's: per account strict, per address generous."""

from django.conf import settings
from django.contrib import admin

from edge.limits import login_identity, retry_after, too_many_response


def _account(group, request) -> str:
    return login_identity(request.POST.get("username", ""))


def admin_login(request, extra_context=None):
    if request.method == "POST":
        wait = retry_after(request, "admin.login", settings.ADMIN_LOGIN_RATE, account_key=_account)
        if wait is not None:
            return too_many_response(wait, request=request, template="429.html")
    return admin.site.login(request, extra_context)
