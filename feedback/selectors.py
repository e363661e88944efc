"""Reads for feedback: public lists, the planner's review, counts and opinion shares (through disclosure)."""

from dataclasses import dataclass

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse

from feedback import disclosure
from feedback.models import FeatureFeedbackStats, Feedback, FeedbackFollow, FeedbackReport
from geo.aggregation import STADTTEIL, district_levels
from geo.geojson import feature_collection
from geo.models import Stadtteil
from layers.models import Feature, Layer, Project

# Attribute names that planners' files use for a feature's name, best first.
LABEL_KEYS = ("name", "bezeichnung", "titel", "strasse", "title", "label")


def feature_label_sql(prefix: str = ""):
    """A readable name for a feature from its attributes, or "Objekt <id>"."""
    names = [KeyTextTransform(key, f"{prefix}attributes") for key in LABEL_KEYS]
    fallback = Concat(Value("Objekt "), Cast(F(f"{prefix}id"), CharField()))
    return Coalesce(*names, fallback, output_field=CharField())


def open_layers(*, project: Project) -> QuerySet[Layer]:
    return Layer.objects.filter(project=project, feedback_open=True).order_by("order", "id")


def layer_feature_list(*, layer: Layer) -> QuerySet[Feature]:
    """The layer's features with their name and feedback counts and keys (publish with `feature_row_opinions`)."""
    return (
        Feature.objects.filter(layer=layer)
        .annotate(
            label=feature_label_sql(),
            total=Coalesce(F("feedback_stats__total"), 0),
            **{name: F(f"feedback_stats__{name}") for o in disclosure.OPINIONS for name in (o, f"{o}_key")},
        )
        .order_by("label", "id")
    )


def feature_row_opinions(feature: Feature) -> disclosure.Opinions:
    """The published opinions of a row of `layer_feature_list`."""
    return disclosure.opinions(_cells(feature))


def feature_detail(*, project: Project, feature_id: int) -> Feature:
    return (
        Feature.objects.select_related("layer__project")
        .annotate(label=feature_label_sql())
        .get(pk=feature_id, layer__project=project)
    )


def feature_geojson(*, feature: Feature) -> str:
    """One feature (with its published feedback points) as a FeatureCollection for the feature page's map."""
    return feature_collection(Feature.objects.filter(pk=feature.pk), geometry="geom", fields=["id"])


def public_feedback(*, project: Project, layer_id: int | None = None, feature_id: int | None = None):
    rows = Feedback.objects.public().filter(project=project)
    if layer_id:
        rows = rows.filter(layer_id=layer_id)
    if feature_id:
        rows = rows.filter(feature_id=feature_id)
    return rows.select_related("author", "layer", "stadtteil").annotate(feature_label=feature_label_sql("feature__"))


def _cells(row, prefix: str = "") -> dict[str, tuple[int, int]]:
    return {o: (getattr(row, f"{prefix}{o}") or 0, getattr(row, f"{prefix}{o}_key") or 0) for o in disclosure.OPINIONS}


def feature_opinions(*, feature: Feature) -> disclosure.Opinions:
    stats = FeatureFeedbackStats.objects.filter(feature=feature).first()
    return disclosure.opinions(_cells(stats) if stats else {})


SOURCE_SQL = """
SELECT author_id AS record, stadtteil_id, opinion FROM feedback_feedback
WHERE project_id = %s AND visibility = 'published'
"""


def opinions_by_stadtteil(*, project: Project) -> list[tuple[str, disclosure.Opinions]]:
    """Published opinions per Stadtteil of the project, through geo's aggregation and disclosure policy."""
    levels = district_levels(SOURCE_SQL, [project.pk], by=("opinion",))
    cells: dict[int, dict[str, tuple[int, int]]] = {}
    for (level, district, opinion), (count, key) in levels.items():
        if level == STADTTEIL:
            cells.setdefault(district, {})[opinion] = (count, key)
    names = dict(Stadtteil.objects.filter(pk__in=cells).order_by("number").values_list("pk", "name"))
    return [(name, disclosure.opinions(cells[pk])) for pk, name in names.items()]


# The planner's review ------------------------------------------------------------------------------

STATES = {
    "pending": Q(visibility=Feedback.Visibility.PENDING),
    "open": Q(visibility=Feedback.Visibility.PUBLISHED, decision=""),
    "weighed": ~Q(decision=""),
    "unreleased": ~Q(decision="") & (~Q(decision=F("public_decision")) | ~Q(decision_reason=F("public_reason"))),
    "released": ~Q(public_decision=""),
    "reported": Q(Exists(FeedbackReport.objects.filter(feedback=OuterRef("pk"), resolved_at__isnull=True))),
}


def review_list(
    *,
    project: Project,
    layer: int | None = None,
    feature: int | None = None,
    opinion: str | None = None,
    stadtteil: int | None = None,
    state: str | None = None,
) -> QuerySet[Feedback]:
    rows = Feedback.objects.filter(project=project)
    if layer:
        rows = rows.filter(layer_id=layer)
    if feature:
        rows = rows.filter(feature_id=feature)
    if opinion:
        rows = rows.filter(opinion=opinion)
    if stadtteil:
        rows = rows.filter(stadtteil__number=stadtteil)
    if state in STATES:
        rows = rows.filter(STATES[state])
    return (
        rows.select_related("author", "layer", "stadtteil", "decided_by")
        .annotate(
            feature_label=feature_label_sql("feature__"),
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)),
        )
        .order_by("feature_id", "created_at", "id")
    )


@dataclass(frozen=True)
class Progress:
    weighed: int
    total: int  # entries to weigh: all but pending and rejected ones
    unreleased: int


def review_progress(*, project: Project) -> Progress:
    counts = Feedback.objects.filter(project=project).aggregate(
        total=Count("pk", filter=Q(visibility__in=[Feedback.Visibility.PUBLISHED, Feedback.Visibility.HIDDEN])),
        weighed=Count("pk", filter=~Q(decision="")),
        unreleased=Count("pk", filter=STATES["unreleased"]),
    )
    return Progress(**counts)


def decision_table(*, project: Project) -> QuerySet[Feedback]:
    """Every entry that is to be weighed, grouped by feature, for the Abwägungstabelle."""
    return (
        Feedback.objects.filter(project=project)
        .exclude(visibility__in=[Feedback.Visibility.PENDING, Feedback.Visibility.REJECTED])
        .select_related("layer", "stadtteil")
        .annotate(feature_label=feature_label_sql("feature__"))
        .order_by("layer__order", "layer_id", "feature_id", "created_at", "id")
    )


def personal_data(user) -> dict:
    """A citizen's own feedback, reports and follows, for the account's data export."""
    rows = Feedback.objects.filter(author=user).order_by("created_at")
    return {
        "feedback": [
            {
                "id": f.pk,
                "project": f.project.slug,
                "feature_id": f.feature_id,
                "opinion": f.opinion,
                "text": f.text,
                "lon": f.location.x if f.point_given else None,
                "lat": f.location.y if f.point_given else None,
                "visibility": f.visibility,
                "moderation_reason": f.moderation_reason,
                "photo": reverse("feedback:photo", args=[f.project.slug, f.pk]) if f.photo else None,
                "decision": f.public_decision,
                "decision_reason": f.public_reason,
                "created_at": f.created_at.isoformat(),
            }
            for f in rows.select_related("project")
        ],
        "reports": list(
            FeedbackReport.objects.filter(reporter=user)
            .order_by("created_at")
            .values("feedback_id", "reason", "created_at")
        ),
        "follows": list(FeedbackFollow.objects.filter(user=user).values("project__slug", "created_at")),
    }
