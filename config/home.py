"""The home page: the districts map with what is going on now. It brings the apps together, so it lives
in config (the composition root) rather than in one of them."""

from django.shortcuts import render
from django.urls import reverse

from geo import selectors as geo_selectors
from layers.selectors import project_list
from proposals.selectors.ideas import idea_public_list
from surveys.selectors import survey_list

TEASERS = 4


def home(request):
    surveys = [s for s in survey_list(user=request.user, polls=False)[: TEASERS * 2] if s.is_open()][:TEASERS]
    return render(
        request,
        "home.html",
        {
            "ortsbezirke": geo_selectors.ortsbezirk_list(),
            "districts_url": reverse("api:district-list"),
            "projects": project_list().defer("area", "body").order_by("-updated_at")[:TEASERS],
            "surveys": surveys,
            "ideas": idea_public_list()
            .select_related("category", "stadtteil")
            .order_by("-published_at", "-id")[:TEASERS],
        },
    )
