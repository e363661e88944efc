import json

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from edge.paging import paginate
from layers import selectors
from layers.apis import features_url, tile_url_template
from layers.forms import ProjectFilterForm
from layers.markdown import render_markdown
from layers.models import Phase, Project
from layers.panels import project_panels
from layers.staff_views import PROJECT_TOOLS

PER_PAGE = 20


def project_list(request):
    form = ProjectFilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    projects = selectors.project_list(**filters).defer("area", "body").order_by("title", "id")
    page, query = paginate(request, projects, PER_PAGE)
    labels = dict(Phase.Kind.choices)
    for project in page:
        project.current_phase_label = labels.get(project.current_phase_kind, "")
    return render(
        request,
        "layers/project_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "projects_url": reverse("api:project-list") + ("?" + request.GET.urlencode() if filters else ""),
            "can_edit": request.user.has_perm("layers.add_project"),
        },
    )


def project_detail(request, slug: str):
    try:
        project = selectors.project_detail(slug=slug)
    except Project.DoesNotExist:
        raise Http404 from None
    today = timezone.localdate()
    current = project.current_phase(today)
    phases = [
        {"phase": p, "state": "current" if p == current else "past" if p.is_past(today) else "upcoming"}
        for p in project.phases.all()
    ]
    layers = [
        {
            "id": layer.pk,
            "name": layer.name,
            "description": layer.description,
            "feature_count": layer.feature_count,
            "visible": layer.visible_by_default,
            "style": layer.style,
            "fields": layer.field_labels,
            "features_url": features_url(layer),
            "tiles_url": tile_url_template(layer),
        }
        for layer in project.layers.all()
    ]
    # Panels render their own templates (escaped); layers cannot know their models.
    panels = [html for panel in project_panels() if (html := panel.render(request, project))]
    return render(
        request,
        "layers/project_detail.html",
        {
            "project": project,
            "body_html": render_markdown(project.body),
            "current_phase": current,
            "phases": phases,
            "news": [(item, render_markdown(item.body)) for item in project.news.all()],
            "layers": layers,
            "area": json.loads(project.area.geojson) if project.area else None,
            "accepts_ideas": project.accepts_ideas(),
            "ideas_not_yet_open": bool(project.ideas_open_from and project.ideas_open_from > timezone.now()),
            "panels": [mark_safe(html) for html in panels],  # noqa: S308  (see above)
            "can_edit": request.user.has_perm("layers.change_project", project),
            "project_tools": PROJECT_TOOLS,
        },
    )
