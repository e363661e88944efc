"""The staff start page: one place that links every staff tool the person may use."""

from django.shortcuts import render

from bauleitplanung.models import Procedure
from edge.permissions import permission_required
from layers.selectors import project_list

PROJECTS_SHOWN = 15


@permission_required("accounts.view_staff_start")
def staff_start(request):
    projects = project_list().defer("area", "body").order_by("-updated_at")[:PROJECTS_SHOWN]
    procedures = []
    if request.user.has_perm("bauleitplanung.view_statements"):
        procedures = [
            p.project
            for p in Procedure.objects.select_related("project")
            .only("project__slug", "project__title")
            .order_by("-project__updated_at")[:PROJECTS_SHOWN]
        ]
    return render(request, "staff_start.html", {"projects": projects, "procedures": procedures})
