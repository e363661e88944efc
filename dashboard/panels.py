"""The results links on project pages (layers.panels, order 40): the project's, and its closed surveys'."""

from django.template.loader import render_to_string

from surveys.models import Survey


def project_results_panel(request, project) -> str:
    closed = Survey.objects.results_released().filter(project=project)
    context = {"project": project, "closed_surveys": list(closed.order_by("-closes_at"))}
    return render_to_string("dashboard/project_panel.html", context, request=request)
