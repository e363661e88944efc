from django.contrib.gis import admin

from proposals.models import Category, Comment, Idea, ModerationLog, Report, StatusChange


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "color", "order", "is_active"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["status", "answer", "changed_by", "created_at"]
    can_delete = False


@admin.register(Idea)
class IdeaAdmin(admin.GISModelAdmin):
    """Read mostly: moderation and statuses go through the moderation pages, which log every action."""

    list_display = ["title", "category", "stadtteil", "status", "visibility", "support_count", "created_at", "is_demo"]
    list_filter = ["visibility", "status", "category", "stadtteil", "is_demo"]
    search_fields = ["title", "description"]
    raw_id_fields = ["author", "project"]
    readonly_fields = ["stadtteil", "visibility", "status", "official_answer", "support_count", "comment_count"]
    inlines = [StatusChangeInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Ideas are hidden by the moderation (logged, cluster cells updated), never deleted.
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["idea", "author", "created_at", "is_hidden"]
    raw_id_fields = ["idea", "author", "parent"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["idea", "comment", "reporter", "created_at", "resolved_at"]
    raw_id_fields = ["idea", "comment", "reporter", "resolved_by"]


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "idea", "note"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
