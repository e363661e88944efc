from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from leaflet.admin import LeafletGeoAdmin

from layers import services
from layers.forms import LayerImportForm
from layers.importing import LayerImportError
from layers.models import Document, Layer, NewsItem, Phase, Project


class PlannerPermissions:
    """Planners and city admins edit projects and layers (layers.rules); moderators do not."""

    def has_module_permission(self, request):
        return request.user.has_perm("layers.change_project")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("layers.change_project")

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class PhaseInline(PlannerPermissions, admin.TabularInline):
    model = Phase
    extra = 0


class DocumentInline(PlannerPermissions, admin.TabularInline):
    model = Document
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class NewsInline(PlannerPermissions, admin.StackedInline):
    model = NewsItem
    extra = 0


@admin.register(Project)
class ProjectAdmin(PlannerPermissions, LeafletGeoAdmin):
    list_display = ["title", "topic", "is_demo", "updated_at"]
    list_filter = ["topic", "is_demo"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["stadtteile"]
    inlines = [PhaseInline, DocumentInline, NewsInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.project_sync_stadtteile(project=form.instance)


class AdminLayerImportForm(LayerImportForm):
    project = forms.ModelChoiceField(label=gettext_lazy("Vorhaben"), queryset=Project.objects.all())
    source_layer_name = forms.CharField(label=gettext_lazy("Ebene in der Datei (bei mehreren)"), required=False)


@admin.register(Layer)
class LayerAdmin(PlannerPermissions, admin.ModelAdmin):
    list_display = ["name", "project", "feature_count", "order", "visible_by_default", "feedback_open"]
    list_filter = ["project"]
    readonly_fields = ["feature_count", "source_name"]
    change_list_template = "layers/admin/layer_changelist.html"

    def get_urls(self):
        own = [path("import/", self.admin_site.admin_view(self.import_view), name="layers_layer_import")]
        return own + super().get_urls()

    def import_view(self, request):
        if not request.user.has_perm("layers.import_layer"):
            raise PermissionDenied
        form = AdminLayerImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                result = services.layer_import(
                    project=data["project"], upload=data["file"], filename=data["file"].name, name=data["name"],
                    source_layer=data["source_layer_name"] or None, assume_crs=data["assume_crs"], style=form.style(),
                    use_as_area=data["use_as_area"],
                )  # fmt: skip
            except LayerImportError as error:
                for message in error.messages:
                    form.add_error("file", message)
                if error.layer_choices:
                    form.add_error("source_layer_name", ", ".join(error.layer_choices))
            else:
                messages.success(request, _("%d Objekte wurden importiert.") % result.imported)
                return redirect(reverse("admin:layers_layer_change", args=[result.layer.pk]))
        context = {**self.admin_site.each_context(request), "form": form, "title": _("Kartenebene importieren")}
        return TemplateResponse(request, "layers/admin/layer_import.html", context)
