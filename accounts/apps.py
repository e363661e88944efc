from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Konten")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed

        from accounts.models import User
        from accounts.roles import forget_roles

        m2m_changed.connect(forget_roles, sender=User.groups.through, dispatch_uid="accounts-forget-roles")
