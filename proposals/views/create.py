from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from edge.errors import errors_on
from edge.limits import form_over_limit, limited_page
from geo.spatial import point_from_lonlat
from proposals import selectors, services
from proposals.forms import IdeaForm
from proposals.models import Idea


@login_required
def idea_create(request):
    """Pin an idea: the map sets lon/lat; without JavaScript they can be typed in."""
    projects = selectors.projects_open_for_ideas()
    initial = {"project": projects.filter(slug=request.GET.get("vorhaben")).first()}
    form = IdeaForm(request.POST or None, request.FILES or None, projects=projects, initial=initial)
    status, wait = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid() and (wait := form_over_limit(request, form, "proposals", "create")) is None:
            fields = dict(form.cleaned_data)  # the service's own names, but for the point
            with errors_on(form):
                location = point_from_lonlat(fields.pop("lon"), fields.pop("lat"))
                idea = services.idea_create(author=request.user, location=location, **fields)
                if idea.visibility == Idea.Visibility.PUBLISHED:
                    messages.success(request, _("Danke! Ihre Idee ist veröffentlicht."))
                else:
                    messages.success(
                        request,
                        _("Danke! Ihre Idee wird veröffentlicht, sobald die Moderation sie freigegeben hat."),
                    )
                return redirect(idea)
    return limited_page(render(request, "proposals/create.html", {"form": form}, status=status), wait)
