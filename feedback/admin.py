from django.contrib import admin

from feedback.models import Feedback, FeedbackLog, FeedbackReport


class StaffReviewPermissions:
    """Staff who review feedback see it in the admin; changes go through the review page's services."""

    def has_module_permission(self, request):
        return request.user.has_perm("feedback.view_review")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("feedback.view_review")

    def has_add_permission(self, request, obj=None):
        return False

    has_change_permission = has_delete_permission = has_add_permission


@admin.register(Feedback)
class FeedbackAdmin(StaffReviewPermissions, admin.ModelAdmin):
    list_display = ["id", "project", "layer", "feature_id", "opinion", "visibility", "decision", "released_at"]
    list_filter = ["project", "opinion", "visibility", "decision"]
    search_fields = ["text"]
    raw_id_fields = ["feature", "author", "decided_by"]


@admin.register(FeedbackReport)
class FeedbackReportAdmin(StaffReviewPermissions, admin.ModelAdmin):
    list_display = ["feedback", "reason", "created_at", "resolved_at"]


@admin.register(FeedbackLog)
class FeedbackLogAdmin(StaffReviewPermissions, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "project", "feedback", "note"]
    list_filter = ["action"]
