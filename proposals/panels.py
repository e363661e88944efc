"""The ideas section of a project page (registered with layers.panels)."""

from django.template.loader import render_to_string

from edge.paging import COUNT_CAP, capped_count
from edge.parts import Parts
from proposals import selectors
from proposals.selectors import IdeaFilter

PANEL_IDEAS = 10


def project_ideas(request, project) -> str:
    ideas = selectors.idea_page_list(IdeaFilter(project=project.slug))
    counted = capped_count(ideas)  # a project with a huge idea collection is not counted to the end
    return render_to_string(
        "proposals/_project_panel.html",
        {
            "project": project,
            "ideas": ideas[:PANEL_IDEAS],
            "count": min(counted, COUNT_CAP),
            "count_capped": counted > COUNT_CAP,
            "accepts_ideas": project.accepts_ideas(),
        },
        request=request,
    )


# Other apps add a part to each idea in the moderation queue (the overview: a category suggestion) without
# this app importing them (edge.parts).
review_parts = Parts()
register_review_part = review_parts.register
