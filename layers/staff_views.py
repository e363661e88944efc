"""Staff pages for planners: create and edit projects, phases, documents, news; import layers."""

import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from edge.errors import add_service_errors, errors_on
from edge.permissions import permission_required
from layers import services
from layers.forms import DocumentForm, LayerImportForm, NewsForm, PhaseForm, ProjectForm
from layers.importing import LayerImportError
from layers.models import Project

STAGED_SESSION_KEY = "layers_staged_imports"
STAGING_DIR = Path(tempfile.gettempdir()) / "klmw-layer-imports"
STAGED_MAX_AGE_SECONDS = 24 * 3600


planner_required = permission_required("layers.change_project")

# The tools for one project (URL name, label), linked from its page and from the staff start page.
PROJECT_TOOLS = (
    ("layers:project-edit", gettext_lazy("Bearbeiten")),
    ("layers:phase-create", gettext_lazy("Phase hinzufügen")),
    ("layers:document-create", gettext_lazy("Dokument hinzufügen")),
    ("layers:news-create", gettext_lazy("Neuigkeit hinzufügen")),
    ("layers:layer-import", gettext_lazy("Kartenebene importieren")),
)


@planner_required
def project_create(request):
    form = ProjectForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with errors_on(form):
            project = services.project_create(
                title=data.pop("title"), slug=data.pop("slug"), summary=data.pop("summary"), topic=data.pop("topic"),
                **data,
            )  # fmt: skip
            messages.success(request, _("Das Vorhaben wurde angelegt."))
            return redirect(project)
    return render(request, "layers/staff/project_form.html", {"form": form})


@planner_required
def project_edit(request, slug: str):
    project = get_object_or_404(Project, slug=slug)
    form = ProjectForm(request.POST or None, request.FILES or None, instance=project)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.project_update(project=project, data=form.cleaned_data)
            messages.success(request, _("Das Vorhaben wurde gespeichert."))
            return redirect(project)
    return render(request, "layers/staff/project_form.html", {"form": form, "project": project})


def _simple_create(form_class, create, *, success: str, title: str):
    """A planner's page that adds one thing to a project (a phase, a document, a news item) with `create`."""

    @planner_required
    def view(request, slug: str):
        project = get_object_or_404(Project, slug=slug)
        form = form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            with errors_on(form):
                create(project=project, **form.cleaned_data)
                messages.success(request, success)
                return redirect(project)
        return render(request, "layers/staff/simple_form.html", {"form": form, "project": project, "title": title})

    return view


phase_create = _simple_create(
    PhaseForm, services.phase_create,
    success=gettext_lazy("Die Phase wurde gespeichert."), title=gettext_lazy("Phase hinzufügen"),
)  # fmt: skip
document_create = _simple_create(
    DocumentForm, services.document_create,
    success=gettext_lazy("Das Dokument wurde gespeichert."), title=gettext_lazy("Dokument hinzufügen"),
)  # fmt: skip
news_create = _simple_create(
    NewsForm, services.news_create,
    success=gettext_lazy("Die Neuigkeit wurde veröffentlicht."), title=gettext_lazy("Neuigkeit hinzufügen"),
)  # fmt: skip


def _sweep_staging() -> None:
    """Forget uploads whose second step never came."""
    cutoff = time.time() - STAGED_MAX_AGE_SECONDS
    for folder in STAGING_DIR.glob("*"):
        if folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def _stage(request, upload) -> str:
    """Keep an upload for the second step (choosing a layer), reachable only from this session."""
    _sweep_staging()
    token = secrets.token_urlsafe(16)
    folder = STAGING_DIR / token
    folder.mkdir(parents=True)
    target = folder / Path(upload.name).name
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    request.session[STAGED_SESSION_KEY] = {**request.session.get(STAGED_SESSION_KEY, {}), token: str(target)}
    return token


def _staged_path(request, token: str) -> Path | None:
    path = request.session.get(STAGED_SESSION_KEY, {}).get(token)
    return Path(path) if path and Path(path).exists() else None


def _drop_staged(request, token: str) -> None:
    staged = request.session.get(STAGED_SESSION_KEY, {})
    path = staged.pop(token, None)
    request.session[STAGED_SESSION_KEY] = staged
    if path:
        shutil.rmtree(Path(path).parent, ignore_errors=True)


@planner_required
def layer_import(request, slug: str):
    project = get_object_or_404(Project, slug=slug)
    choices = request.POST.getlist("layer_choices") if request.method == "POST" else []
    form = LayerImportForm(request.POST or None, request.FILES or None, layer_choices=choices)
    notice = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token = data["staged"]
        upload, filename = data["file"], data["file"].name if data["file"] else ""
        staged = _staged_path(request, token) if token and not upload else None
        if token and not upload and staged is None:
            form.add_error("file", _("Die hochgeladene Datei ist nicht mehr vorhanden. Bitte erneut hochladen."))
        else:
            source = staged.open("rb") if staged else upload
            filename = staged.name if staged else filename
            try:
                result = services.layer_import(
                    project=project, upload=source, filename=filename, name=data["name"],
                    source_layer=data.get("source_layer") or None, assume_crs=data["assume_crs"], style=form.style(),
                    use_as_area=data["use_as_area"], field_labels=data["field_labels"] or None,
                )  # fmt: skip
            except LayerImportError as error:
                for message in error.messages:
                    form.add_error("file", message)
                if error.layer_choices:
                    notice = error.messages
                    new_token = token if staged else _stage(request, upload)
                    form = LayerImportForm(
                        initial={**data, "staged": new_token, "file": None}, layer_choices=error.layer_choices
                    )
                    form.fields["file"].help_text = _("Datei „%s“ ist hochgeladen. Bitte die Ebene wählen.") % filename
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if staged:
                    _drop_staged(request, token)
                text = ngettext(
                    "%(n)d Objekt wurde importiert.", "%(n)d Objekte wurden importiert.", result.imported
                ) % {"n": result.imported}
                if result.repaired:
                    text += " " + _("Reparierte Geometrien: Objekt Nr. %s.") % ", ".join(map(str, result.repaired[:20]))
                messages.success(request, text)
                return redirect(project)
            finally:
                if staged:
                    source.close()
    return render(request, "layers/staff/layer_import.html", {"form": form, "project": project, "notice": notice})
