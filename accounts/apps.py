from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Konten")

    def ready(self) -> None:
        from allauth.account.models import EmailAddress
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from accounts.models import User
        from accounts.roles import forget_roles, forget_verified

        m2m_changed.connect(forget_roles, sender=User.groups.through, dispatch_uid="accounts-forget-roles")
        post_save.connect(forget_verified, sender=EmailAddress, dispatch_uid="accounts-forget-verified-save")
        post_delete.connect(forget_verified, sender=EmailAddress, dispatch_uid="accounts-forget-verified-delete")
