from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from surveys.models import Choice, Question, Response, Survey


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    show_change_link = True  # choices are edited on the question's own page
    fields = [
        ("order", "kind", "required"),
        "text",
        "help_text",
        ("scale_min", "scale_max", "scale_min_label", "scale_max_label"),
        ("number_min", "number_max"),
        ("allow_other", "show_if_choice"),
    ]
    autocomplete_fields = ["show_if_choice"]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 3


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "access", "results_public", "is_poll", "is_demo"]
    list_filter = ["access", "is_poll", "is_demo", "results_public"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "introduction", "project", "is_poll", "is_demo"]}),
        (_("Zeitraum und Zugang"), {"fields": ["opens_at", "closes_at", "access", "district_sources"]}),
        (_("Ergebnisse"), {"fields": ["results_public"]}),
    ]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "survey", "order", "kind", "required"]
    list_filter = ["kind", "survey"]
    search_fields = ["text", "survey__title"]
    inlines = [ChoiceInline]


@admin.register(Choice)
class ChoiceAdmin(admin.ModelAdmin):
    search_fields = ["text", "question__text"]
    list_display = ["text", "question"]

    def has_module_permission(self, request):
        return False  # edited inline on the question; registered for the conditions' autocomplete


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["id", "survey", "stadtteil", "verified", "created_at", "updated_at"]
    list_filter = ["survey", "verified", "stadtteil"]
    list_select_related = ["survey", "stadtteil"]
    readonly_fields = ["survey", "user", "token", "stadtteil", "verified", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False
