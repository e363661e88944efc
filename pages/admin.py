from django.contrib import admin

from pages.models import ContactMessage, LegalPage


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    list_display = ["kind", "title", "updated_at", "updated_by"]
    readonly_fields = ["kind", "updated_at", "updated_by"]

    def has_add_permission(self, request) -> bool:
        return False  # the five pages exist from the first migration on

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "topic", "email", "answered_at"]
    list_filter = ["topic", ("answered_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["topic", "name", "email", "message", "page_url", "language", "created_at"]
