from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Profil"), {"fields": ("display_name", "home_stadtteil")}),
    )
    list_display = ["username", "email", "display_name", "home_stadtteil", "is_staff"]
