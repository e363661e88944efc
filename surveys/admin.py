from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from surveys.models import Choice, Question, Response, Survey
from surveys.staff_services import question_change_errors, survey_has_responses


class QuestionAdminForm(forms.ModelForm):
    """The staff pages' guard for answered surveys, so the admin can't change a question's kind or scale either."""

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            for field, message in question_change_errors(self.instance, new=data, choices=None).items():
                self.add_error(field if field in self.fields else None, message)
        return data


class AnsweredChoiceFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        question = self.instance
        if question.pk is None:
            return
        kept = [
            form.cleaned_data["text"]
            for form in self.forms
            if form.cleaned_data.get("text") and not form.cleaned_data.get("DELETE")
        ]
        errors = question_change_errors(question, new={}, choices=kept)
        if "choices_text" in errors:
            raise ValidationError(errors["choices_text"])


class QuestionInline(admin.StackedInline):
    model = Question
    form = QuestionAdminForm
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

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and survey_has_responses(obj))


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = AnsweredChoiceFormSet
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
    form = QuestionAdminForm

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and survey_has_responses(obj.survey))


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
    # Neither the account nor the browser token: the id is the pseudonymous `teilnahme` of the CSV exports,
    # and a page showing both would tie it to a named person (docs/surveys.md).
    fields = readonly_fields = ["survey", "stadtteil", "verified", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False
