"""Staff pages of the Abwägung: one statement (weigh it whole, split it, weigh each concern), groups, the
council decision and the council papers. Every action names its rule through the service."""

import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bauleitplanung import exports
from bauleitplanung.models import Concern, Decision, Procedure, Statement, StatementAttachment, TablePdf
from bauleitplanung.panels import statement_parts
from bauleitplanung.selectors import (
    FEATURE_SEARCH_MAX,
    plan_features,
    procedure_topics,
    sender_label,
    statement_results,
)
from bauleitplanung.services.classify import concern_topic_set, feature_label, statement_feature_set
from bauleitplanung.services.papers import table_pdf_request
from bauleitplanung.services.weighing import (
    concern_decide,
    concerns_split,
    decision_publish,
    group_create,
    group_decide,
    statement_decide,
    unweighed,
)
from edge.errors import errors_as_messages, message_service_errors
from edge.fields import posted_id
from edge.permissions import require
from layers.models import Feature

MAX_GROUP = 5000


def _procedure(request, slug: str, perm: str) -> Procedure:
    procedure = get_object_or_404(Procedure.objects.select_related("project"), project__slug=slug)
    require(request.user, perm, procedure)
    return procedure


def statement_detail(request, slug: str, number: int):
    procedure = _procedure(request, slug, "bauleitplanung.view_statements")
    statement = get_object_or_404(Statement.objects.select_related("step", "group", "feature__layer"),
                                  procedure=procedure, number=number)  # fmt: skip
    if request.method == "POST":
        action = request.POST.get("action", "")
        with errors_as_messages(request):
            if action == "decide":
                statement_decide(statement=statement, actor=request.user, decision=request.POST.get("decision", ""),
                                 reason=request.POST.get("reason", ""))  # fmt: skip
            elif action == "split":
                concerns_split(statement=statement, actor=request.user,
                               summaries=request.POST.get("summaries", "")[:40000].splitlines())  # fmt: skip
            elif action == "concern":
                concern = get_object_or_404(Concern, statement=statement, pk=posted_id(request.POST.get("concern")))
                concern_decide(concern=concern, actor=request.user, decision=request.POST.get("decision", ""),
                               reason=request.POST.get("reason", ""))  # fmt: skip
            elif action == "group":
                group_decide(group=statement.group, actor=request.user, decision=request.POST.get("decision", ""),
                             reason=request.POST.get("reason", ""))  # fmt: skip
            elif action == "topic":
                concern = None  # no concern: the statement's topic
                if request.POST.get("concern"):
                    concern = get_object_or_404(Concern, statement=statement, pk=posted_id(request.POST["concern"]))
                concern_topic_set(statement=statement, concern=concern, actor=request.user,
                                  topic=request.POST.get("topic", "")[:1000])  # fmt: skip
            elif action == "feature":
                feature = None
                if request.POST.get("feature"):
                    feature = Feature.objects.select_related("layer").filter(
                        pk=posted_id(request.POST["feature"]) or 0).first()  # fmt: skip
                    if feature is None:
                        raise ValidationError(_("Dieses Objekt gehört nicht zu diesem Plan."))
                statement_feature_set(statement=statement, actor=request.user, feature=feature)
            else:
                raise ValidationError(_("Unbekannte Aktion."))
            messages.success(request, _("Gespeichert."))
            return redirect("bauleitplanung:statement", slug=slug, number=number)
    can_weigh = request.user.has_perm("bauleitplanung.weigh_statements", procedure)
    search = request.GET.get("objekt", "")
    features, more = plan_features(procedure, search) if can_weigh else ([], False)
    return render(
        request,
        "bauleitplanung/statement_detail.html",
        {"project": procedure.project, "statement": statement, "concerns": statement.concerns.all(),
         "sender": sender_label(statement), "results": statement_results(statement), "decisions": Decision.choices,
         "feature_label": feature_label(statement.feature) if statement.feature_id else "",
         "topics": procedure_topics(procedure) if can_weigh else [],
         "features": [(f.pk, feature_label(f)) for f in features], "features_more": more,
         "feature_search": search[:FEATURE_SEARCH_MAX],
         "feature_listed": any(f.pk == statement.feature_id for f in features),
         "parts": statement_parts(request, statement), "can_weigh": can_weigh},
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


@require_POST
def group_new(request, slug: str):
    procedure = _procedure(request, slug, "bauleitplanung.weigh_statements")
    words = request.POST.get("numbers", "").replace(",", " ").split()[:MAX_GROUP]
    numbers = [n for n in map(posted_id, words) if n is not None]
    with errors_as_messages(request):
        members = list(Statement.objects.filter(procedure=procedure, number__in=numbers))
        group = group_create(procedure=procedure, actor=request.user, title=request.POST.get("title", ""),
                             summary=request.POST.get("summary", ""), statements=members)  # fmt: skip
        messages.success(request, _("Gruppe „%(t)s“ mit %(n)d Stellungnahmen angelegt.") % {"t": group.title,
                         "n": group.members.count()})  # fmt: skip
    return redirect("bauleitplanung:statements", slug=slug)


@require_POST
def publish(request, slug: str):
    procedure = _procedure(request, slug, "bauleitplanung.publish_decision")
    decided_on = parse_date(request.POST.get("decided_on", "")[:10]) if request.POST.get("decided_on") else None
    try:
        if decided_on is None:
            raise ValidationError(_("Bitte geben Sie das Datum des Beschlusses an."))
        decision_publish(procedure=procedure, actor=request.user, decided_on=decided_on,
                         text=request.POST.get("text", ""))  # fmt: skip
    except ValidationError as error:
        message_service_errors(request, error)
    except ValueError:
        messages.error(request, _("Ungültiges Datum."))
    else:
        messages.success(request, _("Beschluss veröffentlicht; die Ergebnisse werden verschickt."))
    return redirect("bauleitplanung:statements", slug=slug)


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "csv": "text/csv; charset=utf-8",
}
# fmt -> builder (content, extension) and the file's name
PAPERS = {
    "xlsx": (lambda p: (exports.table_xlsx(p), "xlsx"), "abwaegung"),
    "ods": (lambda p: (exports.table_ods(p), "ods"), "abwaegung"),
    "csv": (lambda p: (exports.letters_csv(p), "csv"), "briefliste"),
}


def _download(content: bytes, ext: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[ext])
    response["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return response


def paper(request, slug: str, fmt: str):
    procedure = _procedure(request, slug, "bauleitplanung.weigh_statements")
    if fmt == "pdf":
        return _table_pdf(request, procedure)
    if fmt not in PAPERS:
        raise Http404
    build, name = PAPERS[fmt]
    content, ext = build(procedure)
    return _download(content, ext, f"{name}-{slug}")


def _table_pdf(request, procedure: Procedure) -> HttpResponse:
    """The newest PDF the job has set; a request never sets one (5,000 statements take longer than it may)."""
    pdf = procedure.table_pdfs.filter(state=TablePdf.State.DONE).first()
    if pdf is None or not pdf.file:
        messages.error(request, _("Die Abwägungstabelle als PDF ist noch nicht erstellt."))
        return redirect("bauleitplanung:statements", slug=procedure.project.slug)
    response = FileResponse(pdf.file.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=f"abwaegung-{procedure.project.slug}.pdf")  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def table_pdf_start(request, slug: str):
    procedure = _procedure(request, slug, "bauleitplanung.weigh_statements")
    table_pdf_request(procedure=procedure, actor=request.user)
    messages.success(request, _("Die Abwägungstabelle wird als PDF erstellt. Der Fortschritt steht unter „Abwägung“."))
    return redirect(reverse("bauleitplanung:statements", kwargs={"slug": slug}) + "#abwaegung")


def letters(request, slug: str):
    """The result letters (PDF) to submitters with a postal address only; after the council's decision."""
    procedure = _procedure(request, slug, "bauleitplanung.publish_decision")
    if not procedure.decision_published_at:
        messages.error(request, _("Die Ergebnisbriefe gibt es erst nach dem Beschluss des Stadtrats."))
        return redirect("bauleitplanung:statements", slug=slug)
    content, ext = exports.letters_pdf(procedure)
    return _download(content, ext, f"ergebnisbriefe-{slug}")


def open_count(procedure: Procedure) -> int:
    return unweighed(procedure).count()


def attachment(request, slug: str, number: int, pk: int):
    """An attachment of a statement: personal data, served only under the rule view_statements (never public)."""
    procedure = _procedure(request, slug, "bauleitplanung.view_statements")
    item = StatementAttachment.objects.filter(pk=pk, statement__procedure=procedure, statement__number=number).first()
    if item is None or not item.file:
        raise Http404
    content_type = mimetypes.guess_type(item.file.name)[0] or "application/octet-stream"
    response = FileResponse(item.file.open("rb"), content_type=content_type, filename=item.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
