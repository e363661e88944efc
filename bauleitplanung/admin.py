from django.contrib import admin

from bauleitplanung.models import Agency, PlanDocument, PlanVersion, Procedure, Statement, Step


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ("kind", "starts_on", "ends_on", "notice_date", "plan_version")


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("project", "plan_kind", "council_decided_on")
    inlines = [StepInline]
    raw_id_fields = ("project",)


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ("procedure", "number", "name", "xplan_version", "created_at")
    readonly_fields = ("fingerprints", "report")
    filter_horizontal = ("layers",)


@admin.register(PlanDocument)
class PlanDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "version")


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ("number", "procedure", "step", "channel", "received_at", "is_late")
    list_filter = ("channel", "is_late")
    raw_id_fields = ("author", "feature", "document", "recorded_by")
    readonly_fields = ("received_at", "receipt_sent_at")

    # Statements are personal: the procedure's rule, not the admin's model permissions.
    def has_module_permission(self, request):
        return request.user.has_perm("bauleitplanung.view_statements")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("bauleitplanung.view_statements")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("bauleitplanung.record_statement")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "concern", "active")
    search_fields = ("name", "concern")
