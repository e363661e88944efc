"""Pages of the procedure: the public statement form and its confirmation, and the staff pages."""

from django.contrib import messages
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from bauleitplanung import selectors
from bauleitplanung.forms import DocumentForm, PlanUploadForm, StatementForm, StatementRecordForm, StepForm
from bauleitplanung.models import PlanVersion, Procedure, Statement, Step
from bauleitplanung.services import statement_record, statement_submit
from bauleitplanung.services.plans import document_add, plan_import, read_upload
from bauleitplanung.services.procedure import step_create, step_update
from bauleitplanung.services.statements import NO_OPEN_STEP
from bauleitplanung.services.weighing import unweighed_count
from bauleitplanung.xplan.parse import XPlanError
from edge.errors import errors_on
from edge.fields import posted_id
from edge.limits import form_over_limit, limited_page
from edge.paging import paginate
from edge.permissions import require
from layers.models import Feature, Project

SESSION_KEY = "bauleitplanung_statements"  # ids this browser submitted: only these confirmation pages open
PAGE_SIZE = 50


def project_panel(request, project) -> str:
    """The procedure on the project page (registered with layers.panels)."""
    procedure = selectors.procedure_of(project)
    if procedure is None:
        return ""
    version = selectors.current_version(procedure)
    changes = selectors.version_changes(version) if version else None
    changes_map = None
    if changes and any(changes.values()):
        changes_map = {"geojson": selectors.version_changes_geojson(version, changes),
                       "styles": selectors.CHANGE_STYLES}  # fmt: skip
    return render_to_string(
        "bauleitplanung/_project_panel.html",
        {
            "project": project,
            "procedure": procedure,
            "steps": selectors.steps_with_counts(procedure),
            "open_step": selectors.open_public_step(procedure),
            "version": version,
            "changes": changes,
            "changes_map": changes_map,
            "changes_on_map": selectors.CHANGES_ON_MAP,
            "documents": version.documents.all() if version else [],
            **_weighing_page(request, procedure),
            "can_run": request.user.has_perm("bauleitplanung.run_procedure", procedure),
            "can_view": request.user.has_perm("bauleitplanung.view_statements", procedure),
        },
        request=request,
    )


def _weighing_page(request, procedure: Procedure) -> dict:
    """The published Abwägung, a page of statements at a time (no names: "Bürger:in 17" or the agency), and
    the rest of the query, so that turning its page keeps the other panels' pages and filters."""
    page, query = paginate(request, selectors.published_weighing(procedure), PAGE_SIZE, param="abwaegung")
    for statement in page:
        statement.sender = selectors.sender_label(statement)
        statement.results = selectors.statement_results(statement)
    return {"weighing": page, "weighing_query": query}


def _procedure(slug: str) -> Procedure:
    return get_object_or_404(Procedure.objects.select_related("project"), project__slug=slug)


def apply_errors(form, error: ValidationError) -> None:
    """Service errors onto the form: known fields at the field, the rest (period, place) above the form."""
    for field, messages_ in error.message_dict.items():
        target = field if field in form.fields and not form.fields[field].widget.is_hidden else None
        for message in messages_:
            form.add_error(target, message)


def _feature(procedure: Procedure, feature_id):
    if feature_id is None:
        return None
    return Feature.objects.filter(pk=feature_id, layer__project_id=procedure.project_id).select_related("layer").first()


def statement_form(request, slug: str):
    procedure = _procedure(slug)
    step = selectors.open_public_step(procedure)
    signed_in = request.user.is_authenticated
    form = StatementForm(request.POST or None, request.FILES or None, procedure=procedure, signed_in=signed_in)
    wait = form_over_limit(request, form, "bauleitplanung", "statement") if request.method == "POST" else None
    if request.method == "POST" and step is not None and wait is None and form.is_valid():
        data = form.cleaned_data
        location = None
        if data["lon"] is not None and data["lat"] is not None:
            location = Point(data["lon"], data["lat"], srid=4326)
        feature = _feature(procedure, data["feature"])
        with errors_on(form, apply_errors):
            if data["feature"] is not None and feature is None:
                raise ValidationError({"feature": _("Dieses Objekt gehört nicht zu diesem Plan.")})
            statement = statement_submit(
                step=step, text=data["text"], user=request.user if signed_in else None,
                name=data.get("name", ""), email=data.get("email", ""), address=data.get("address", ""),
                location=location, feature=feature, document=data["document"], page=data["page"],
                attachments=data["attachments"],
            )  # fmt: skip
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-19:], statement.pk]
            return redirect("bauleitplanung:confirmation", slug=slug, number=statement.number)
    area = procedure.project.area
    page = render(
        request,
        "bauleitplanung/statement_form.html",
        {
            "project": procedure.project,
            "procedure": procedure,
            "step": step,
            "closed": None if step else NO_OPEN_STEP,
            "form": form,
            "area_geojson": area.json if area else None,
            "feature": _feature(procedure, form["feature"].value() if form.is_bound else request.GET.get("objekt")),
        },
        status=400 if request.method == "POST" and (form.errors or step is None) else 200,
    )
    return limited_page(page, wait)


def confirmation(request, slug: str, number: int):
    procedure = _procedure(slug)
    statement = get_object_or_404(Statement, procedure=procedure, number=number)
    if statement.pk not in request.session.get(SESSION_KEY, []) and not (
        request.user.is_authenticated and statement.author_id == request.user.pk
    ):
        raise Http404
    return render(request, "bauleitplanung/confirmation.html", {"project": procedure.project, "statement": statement})


def statement_list(request, slug: str):
    procedure = _procedure(slug)
    require(request.user, "bauleitplanung.view_statements", procedure)
    filters = {key: request.GET.get(key, "")[:100] for key in ("step", "channel", "late", "q")}
    page, query = paginate(request, selectors.statement_list(procedure=procedure, **filters), PAGE_SIZE)
    form = None
    if request.user.has_perm("bauleitplanung.record_statement", procedure):
        form = StatementRecordForm(request.POST or None, request.FILES or None, procedure=procedure)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            with errors_on(form, apply_errors):
                statement = statement_record(actor=request.user, **data)
                messages.success(request, _("Stellungnahme Nr. %(n)d erfasst.") % {"n": statement.number})
                return redirect("bauleitplanung:statements", slug=slug)
    return render(
        request,
        "bauleitplanung/statement_list.html",
        {"project": procedure.project, "procedure": procedure, "page": page, "query": query, "filters": filters,
         "steps": procedure.steps.all(), "channels": Statement.Channel.choices, "form": form,
         "unweighed": unweighed_count(procedure),
         "table_pdf": procedure.table_pdfs.first()
         if request.user.has_perm("bauleitplanung.weigh_statements", procedure) else None,
         "can_weigh": request.user.has_perm("bauleitplanung.weigh_statements", procedure),
         "can_publish": request.user.has_perm("bauleitplanung.publish_decision", procedure)},
        status=400 if form is not None and form.errors else 200,
    )  # fmt: skip


def plan_upload(request, slug: str):
    project = get_object_or_404(Project, slug=slug)
    require(request.user, "bauleitplanung.import_plan", project)
    version = PlanVersion.objects.filter(procedure__project=project).order_by("-number").first()
    procedure = version.procedure if version is not None else None
    if request.method == "POST" and request.POST.get("action") == "document" and version is not None:
        return _document_upload(request, project, procedure)
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = plan_import(project=project, data=read_upload(upload), filename=upload.name, actor=request.user)
        except XPlanError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                _("Fassung %(n)d importiert: %(features)d Objekte in %(layers)d Ebenen.")
                % {"n": version.number, "features": version.report["features"], "layers": version.report["layers"]},
            )
            return redirect(project.get_absolute_url() + "#verfahren")
    return render(request, "bauleitplanung/plan_upload.html",
                  {"project": project, "form": form, "version": version,
                   "document_form": DocumentForm(procedure=procedure, initial={"version": version})},
                  status=400 if form.errors else 200)  # fmt: skip


def _document_upload(request, project, procedure):
    form = DocumentForm(request.POST, request.FILES, procedure=procedure)
    version = None
    if form.is_valid():
        data = form.cleaned_data
        version = data["version"] or procedure.versions.order_by("-number").first()
        with errors_on(form, apply_errors):
            document_add(version=version, actor=request.user, kind=data["kind"], title=data["title"], file=data["file"])
            messages.success(request, _("Dokument „%(t)s“ zur Fassung %(n)d hinzugefügt.") % {"t": data["title"],
                             "n": version.number})  # fmt: skip
            return redirect(project.get_absolute_url() + "#verfahren")
    newest = procedure.versions.order_by("-number").first()
    return render(request, "bauleitplanung/plan_upload.html",
                  {"project": project, "form": PlanUploadForm(), "version": newest, "document_form": form},
                  status=400)  # fmt: skip


def steps(request, slug: str):
    """Staff: the steps with their periods and Bekanntmachung (rule run_procedure); the legal minimum of a
    Veröffentlichung and the order of the dates are checked by the service and shown at the fields."""
    procedure = _procedure(slug)
    require(request.user, "bauleitplanung.run_procedure", procedure)
    editing = None
    if (step_id := posted_id(request.GET.get("schritt"))) is not None:
        editing = get_object_or_404(Step, procedure=procedure, pk=step_id)
    initial = None
    if editing is not None:
        initial = {field: getattr(editing, field) for field in
                   ("kind", "starts_on", "ends_on", "notice_date", "notice_text", "plan_version")}  # fmt: skip
    form = StepForm(request.POST or None, procedure=procedure, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors_on(form, apply_errors):
            if editing is None:
                step = step_create(procedure=procedure, actor=request.user, **data)
            else:
                step = step_update(step=editing, actor=request.user, data=data)
            messages.success(request, _("„%(step)s“ gespeichert: %(period)s.") % {"step": step.get_kind_display(),
                             "period": step.period_text})  # fmt: skip
            return redirect("bauleitplanung:steps", slug=slug)
    return render(
        request,
        "bauleitplanung/steps.html",
        {"project": procedure.project, "procedure": procedure, "form": form, "editing": editing,
         "steps": selectors.steps_with_counts(procedure)},
        status=400 if form.errors else 200,
    )  # fmt: skip
