"""The feedback section of a project page (registered with layers.panels): the layers open for feedback,
each with an accessible list of its features (name, count, opinion balance) and a legend for the map."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from edge.paging import paginate
from feedback import selectors, services
from feedback.styling import LEGEND, balance_class

PANEL_FEATURES = 50


def project_feedback(request, project) -> str:
    layers = list(selectors.open_layers(project=project))
    if not layers:
        return ""
    sections = []
    for layer in layers:
        param = f"objekte_{layer.pk}"  # one page number per layer; the others' stay in the links
        page, query = paginate(request, selectors.layer_feature_list(layer=layer), PANEL_FEATURES, param=param)
        for feature in page:
            feature.opinions = selectors.feature_row_opinions(feature)
            feature.balance = balance_class(feature.opinions)
        sections.append(
            {"layer": layer, "page": page, "param": param, "query": query, "anchor": f"feedback-layer-{layer.pk}"}
        )
    first_feature = sections[0]["page"].object_list[0] if sections[0]["page"].object_list else None
    return render_to_string(
        "feedback/_project_panel.html",
        {
            "project": project,
            "sections": sections,
            "legend": LEGEND,
            "closed": services.feature_closed_reason(first_feature) if first_feature else None,
            "map_config": {
                "layers": [
                    {
                        "id": s["layer"].pk,
                        "feature_url": reverse("feedback:feature", kwargs={"slug": project.slug, "feature_id": 0}),
                    }
                    for s in sections
                ],
                "texts": {
                    "respond": _("Rückmeldungen lesen und geben"),
                    "count": _("{n} Rückmeldungen"),
                    "legendNote": _("Auf der Karte gefärbt nach dem Meinungsbild der Rückmeldungen:"),
                    "legendLink": _("Legende der Rückmeldungen"),
                },
            },
        },
        request=request,
    )
