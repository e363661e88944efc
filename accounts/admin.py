from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.authtoken import admin as _drf_token_admin  # noqa: F401 (registers TokenProxy, removed below)
from rest_framework.authtoken.models import TokenProxy

from accounts.models import ApiToken, User

# DRF's own tokens are no longer used (accounts.ApiToken replaced them, migration accounts.0004); their admin
# would show an empty list that suggests a second kind of key.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Profil"), {"fields": ("display_name", "home_stadtteil")}),
    )
    list_display = ["username", "email", "display_name", "home_stadtteil", "is_staff"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens of every account, to find and revoke one that leaked; never the key (only its hash is stored,
    and not shown either). Owners make tokens on their profile, so nothing is added or changed here."""

    list_display = ["name", "user", "scope", "created_at", "expires_at", "last_used_at", "is_live"]
    list_filter = ["scope"]
    search_fields = ["name", "user__username", "user__email"]
    list_select_related = ["user"]
    fields = ["name", "user", "scope", "created_at", "expires_at", "last_used_at"]
    readonly_fields = fields
    actions = ["revoke"]

    @admin.display(boolean=True, description=_("gültig"))
    def is_live(self, token: ApiToken) -> bool:
        return token.expires_at > timezone.now()

    @admin.action(description=_("Ausgewählte Tokens widerrufen"), permissions=["delete"])
    def revoke(self, request, queryset):
        count = queryset.delete()[1].get(ApiToken._meta.label, 0)
        message = ngettext("%(count)d Token widerrufen.", "%(count)d Tokens widerrufen.", count) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "revoke" says what deleting a token means
        return actions

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
