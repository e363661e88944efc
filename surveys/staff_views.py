"""Staff pages for planners and administrators: build a survey and its questions (the admin can do the same)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edge.errors import errors_on
from edge.paging import paginate
from edge.permissions import permission_required
from surveys import staff_services
from surveys.models import Question, ResponseRollup, Survey
from surveys.staff_forms import QuestionForm, SurveyForm

builder_required = permission_required("surveys.change_survey")
LIST_PAGE_SIZE = 50


@builder_required
def survey_manage_list(request):
    # Responses from the rollup (a few hundred rows per survey), not counted per request: joined with the
    # questions, a DISTINCT count multiplied every response by every question (10M rows on the scale data).
    responses = (
        ResponseRollup.objects.filter(survey_id=OuterRef("pk"))
        .order_by()
        .values("survey_id")
        .annotate(n=Sum("count"))
        .values("n")
    )
    questions = Question.objects.filter(survey=OuterRef("pk")).order_by().values("survey").annotate(n=Count("*"))
    surveys = (
        Survey.objects.select_related("project")
        .annotate(
            question_count=Coalesce(Subquery(questions.values("n")), 0),
            response_count=Coalesce(Subquery(responses), 0),
        )
        .order_by("-opens_at", "title", "pk")
    )
    page, query = paginate(request, surveys, LIST_PAGE_SIZE)
    return render(request, "surveys/staff/survey_list.html", {"surveys": page, "page": page, "query": query})


@builder_required
def survey_create(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with errors_on(form):
            survey = staff_services.survey_create(
                title=data.pop("title"), slug=data.pop("slug"), opens_at=data.pop("opens_at"),
                closes_at=data.pop("closes_at"), **data,
            )  # fmt: skip
            messages.success(request, _("Die Umfrage wurde angelegt. Fügen Sie nun Fragen hinzu."))
            return redirect("surveys:manage-edit", slug=survey.slug)
    return render(request, "surveys/staff/survey_form.html", {"form": form})


@builder_required
def survey_edit(request, slug: str):
    survey = get_object_or_404(Survey, slug=slug)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            survey = staff_services.survey_update(survey=survey, data=form.cleaned_data)
            messages.success(request, _("Die Umfrage wurde gespeichert."))
            return redirect("surveys:manage-edit", slug=survey.slug)
    if form.errors:
        survey = Survey.objects.get(pk=survey.pk)  # the form has put the refused values on the instance
    context = {
        "form": form,
        "survey": survey,
        "questions": survey.questions.select_related("show_if_choice__question").prefetch_related("choices"),
        "has_responses": staff_services.survey_has_responses(survey),
    }
    return render(request, "surveys/staff/survey_form.html", context)


def _question_page(request, survey: Survey, question: Question):
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        choices = form.cleaned_data["choices_text"]
        with errors_on(form):
            if question.pk:
                staff_services.question_update(question=question, data=form.model_data(), choices=choices)
            else:
                data = form.model_data()
                staff_services.question_create(
                    survey=survey, kind=data.pop("kind"), text=data.pop("text"), choices=choices, **data
                )
            messages.success(request, _("Die Frage wurde gespeichert."))
            return redirect("surveys:manage-edit", slug=survey.slug)
    context = {
        "form": form,
        "survey": survey,
        "question": question if question.pk else None,
        "has_responses": staff_services.survey_has_responses(survey),
    }
    return render(request, "surveys/staff/question_form.html", context)


@builder_required
def question_create(request, slug: str):
    survey = get_object_or_404(Survey, slug=slug)
    last = survey.questions.aggregate(last=Max("order"))["last"] or 0
    return _question_page(request, survey, Question(survey=survey, order=last + 1))


@builder_required
def question_edit(request, slug: str, question_id: int):
    survey = get_object_or_404(Survey, slug=slug)
    return _question_page(request, survey, get_object_or_404(survey.questions, pk=question_id))


@builder_required
def question_delete(request, slug: str, question_id: int):
    survey = get_object_or_404(Survey, slug=slug)
    question = get_object_or_404(survey.questions, pk=question_id)
    error = staff_services.question_delete_error(question)
    if request.method == "POST" and error is None:
        try:
            staff_services.question_delete(question=question)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("Die Frage wurde gelöscht."))
            return redirect("surveys:manage-edit", slug=survey.slug)
    context = {"survey": survey, "question": question, "error": error}
    return render(request, "surveys/staff/question_delete.html", context, status=409 if error else 200)


@builder_required
@require_POST
def question_move(request, slug: str, question_id: int):
    survey = get_object_or_404(Survey, slug=slug)
    question = get_object_or_404(survey.questions, pk=question_id)
    try:
        staff_services.question_move(question=question, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(reverse("surveys:manage-edit", kwargs={"slug": survey.slug}) + f"#frage-{question.pk}")
