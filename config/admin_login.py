"""The Django admin's login, limited like the site's: per account strict, per address generous."""

from django.conf import settings
from django.contrib import admin

from config.limits import retry_after, too_many_response


def admin_login(request, extra_context=None):
    if request.method == "POST":
        wait = retry_after(request, "admin.login", settings.ADMIN_LOGIN_RATE, account_key="post:username")
        if wait is not None:
            return too_many_response(wait, request=request, template="429.html")
    return admin.site.login(request, extra_context)
