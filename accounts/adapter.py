"""allauth's hooks: the client address for its limits, and a wait time in its lock-out message."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

from edge.client import client_ip


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The window of ACCOUNT_RATE_LIMITS["login_failed"] per account.
        "too_many_login_attempts": _(
            "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 5 Minuten und versuchen Sie es dann erneut."
        ),
    }

    def get_client_ip(self, request) -> str:
        return client_ip(request)
