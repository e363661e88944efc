"""Reads of the procedure: what the public sees (steps, counts, the published decision) and staff lists."""

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from bauleitplanung.models import Concern, PlanVersion, Procedure, Statement, Step
from bauleitplanung.xplan import codelists
from edge.fields import posted_id
from layers.models import Feature, Project


def procedure_of(project: Project) -> Procedure | None:
    return Procedure.objects.filter(project=project).first()


def steps_with_counts(procedure: Procedure) -> list[Step]:
    """The steps in order, each with `statement_count` (how many arrived: public, without names)."""
    return list(procedure.steps.select_related("plan_version").annotate(statement_count=Count("statements")))


def current_version(procedure: Procedure) -> PlanVersion | None:
    return procedure.versions.order_by("-number").first()


def open_public_step(procedure: Procedure, at=None) -> Step | None:
    """The running public step (the latest started if two overlap)."""
    running = [s for s in procedure.steps.order_by("-starts_on", "-id") if s.is_public and s.is_open(at)]
    return running[0] if running else None


def version_changes(version: PlanVersion) -> dict[str, list[tuple[str, str]]] | None:
    """Features added, removed and changed against the previous version, as (gml:id, class title); None for
    the first version."""
    previous = (
        PlanVersion.objects.filter(procedure_id=version.procedure_id, number__lt=version.number)
        .order_by("-number")
        .only("fingerprints")
        .first()
    )
    if previous is None:
        return None
    old, new = previous.fingerprints, version.fingerprints

    def listed(ids, source):
        return sorted((gml_id, codelists.class_title(source[gml_id][0])) for gml_id in ids)

    return {
        "added": listed(new.keys() - old.keys(), new),
        "removed": listed(old.keys() - new.keys(), old),
        "changed": listed({k for k in new.keys() & old.keys() if new[k][1] != old[k][1]}, new),
    }


# The map of changes: one style per kind, read by the legend (template) and the map (static/js/plan-changes.js).
CHANGE_STYLES = {
    "added": {"color": "#1b7a2f", "dash": "", "fill": 0.35},
    "removed": {"color": "#b3261e", "dash": "6 4", "fill": 0.05},
    "changed": {"color": "#c25e00", "dash": "2 3", "fill": 0.25},
}
# Enough for a Bebauungsplan; the list below the map names every change.
CHANGES_ON_MAP = 2000

CHANGES_GEOJSON_SQL = """
WITH changed_features AS (
    SELECT f.id, f.geom, f.attributes, f.layer_id, c.change, c.n
    FROM unnest(%(ids)s::text[], %(changes)s::text[], %(versions)s::int[]) WITH ORDINALITY AS c(gml_id, change,
         version_id, n)
    JOIN bauleitplanung_planversion_layers vl ON vl.planversion_id = c.version_id
    JOIN layers_feature f ON f.layer_id = vl.layer_id AND f.attributes->>'gml_id' = c.gml_id
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
    'type', 'Feature', 'geometry', ST_AsGeoJSON(geom, 6)::json,
    'properties', json_build_object('change', change, 'gml_id', attributes->>'gml_id', 'klasse', attributes->>'klasse')
) ORDER BY n), '[]'::json))::text
FROM (SELECT * FROM changed_features ORDER BY n LIMIT %(limit)s) AS limited
"""


def version_changes_geojson(version: PlanVersion, changes: dict) -> str:
    """The changed features as a GeoJSON FeatureCollection (text, built in SQL), each with `change`: added and
    changed ones with the geometry of this version, removed ones with that of the previous version."""
    previous = (
        PlanVersion.objects.filter(procedure_id=version.procedure_id, number__lt=version.number)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    ids, kinds, versions = [], [], []
    for change, source in (("removed", previous), ("changed", version.pk), ("added", version.pk)):
        for gml_id, _title in changes[change]:
            ids.append(gml_id)
            kinds.append(change)
            versions.append(source)
    with connection.cursor() as cursor:
        cursor.execute(CHANGES_GEOJSON_SQL, {"ids": ids, "changes": kinds, "versions": versions,
                                             "limit": CHANGES_ON_MAP})  # fmt: skip
        return cursor.fetchone()[0]


def statement_list(*, procedure: Procedure, step: str = "", channel: str = "", late: str = "", q: str = "") -> QuerySet:
    """Staff list (rule bauleitplanung.view_statements), newest first, filtered by the given values. The list shows
    the first 300 characters: cut in SQL (`excerpt`), so long texts are neither fetched nor truncated in Python."""
    statements = (
        Statement.objects.filter(procedure=procedure)
        .select_related("step")
        .defer("text", "address", "location")
        .annotate(excerpt=Substr("text", 1, 301))
        .order_by("-number")
    )
    if (step_id := posted_id(step)) is not None:
        statements = statements.filter(step_id=step_id)
    if channel in Statement.Channel.values:
        statements = statements.filter(channel=channel)
    if late in ("1", "0"):
        statements = statements.filter(is_late=late == "1")
    if q:
        statements = statements.filter(text__icontains=q[:100])
    return statements


def statement_results(statement: Statement) -> list[tuple[str, str, str]]:
    """(concern, decision label, reasoning) of a statement: its group's, or one row per concern."""
    if statement.group_id:
        group = statement.group
        return [(group.summary, group.get_decision_display(), group.decision_reason)]
    return [(c.summary, c.get_decision_display(), c.decision_reason) for c in statement.concerns.all()]


def sender_label(statement: Statement) -> str:
    """Who wrote it, without a private person's name: "Bürger:in 17" or the agency's name."""
    from django.utils.translation import gettext as _

    if statement.channel == Statement.Channel.AGENCY:
        return statement.name
    return _("Bürger:in %(n)d") % {"n": statement.number}


def published_weighing(procedure: Procedure):
    """After the council's decision: each statement's number and step with its results, without names."""
    if not procedure.decision_published_at:
        return Statement.objects.none()
    return (
        Statement.objects.filter(procedure=procedure)
        .select_related("step", "group")
        .prefetch_related("concerns")
        .order_by("number")
    )


FEATURES_OFFERED = 500  # a Bebauungsplan has tens to a few hundred features; a larger plan (an FNP) is searched
FEATURE_SEARCH_MAX = 100


def procedure_topics(procedure: Procedure) -> list[str]:
    """The topics given in this procedure so far, most used first: offered when a planner types one."""
    rows = (
        Concern.objects.filter(statement__procedure=procedure)
        .exclude(topic="")
        .values("topic")
        .annotate(n=Count("id"))
        .order_by("-n", "topic")[:200]
    )
    return [row["topic"] for row in rows]


def plan_features(procedure: Procedure, search: str = "") -> tuple[list[Feature], bool]:
    """The features a statement of this procedure may refer to (those of the project's layers) whose layer name
    or gml:id contains `search`: at most FEATURES_OFFERED of them, and whether more matched."""
    features = Feature.objects.filter(layer__project_id=procedure.project_id)
    search = " ".join(search.split())[:FEATURE_SEARCH_MAX]
    if search:
        features = features.filter(Q(layer__name__icontains=search) | Q(attributes__gml_id__icontains=search))
    offered = list(
        features.select_related("layer")
        .only("id", "attributes", "layer__name")
        .order_by("layer__name", "id")[: FEATURES_OFFERED + 1]
    )
    return offered[:FEATURES_OFFERED], len(offered) > FEATURES_OFFERED
