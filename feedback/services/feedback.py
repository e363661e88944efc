"""Citizens' writes: feedback on a plan feature, reports, following a project's decisions."""

from django.conf import settings
from django.contrib.gis.db.models.functions import PointOnSurface
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from edge.follow import follow_set as edge_follow_set
from edge.permissions import require
from edge.text import free_text as _text
from feedback import rules as feedback_rules
from feedback.models import Feedback, FeedbackFollow, FeedbackReport
from feedback.services.stats import stats_apply
from geo.districting import locate
from geo.models import Stadtteil
from geo.photos import photo_process, photos_erase, photos_removed_on_failure
from geo.spatial import OUTSIDE_CITY_MESSAGE, UTM32, WGS84
from layers.models import Feature, Project

TEXT_MIN, TEXT_MAX = 5, 2000
FEATURE_CLOSED_MESSAGE = _("Zu diesem Objekt sind keine Rückmeldungen vorgesehen.")
PHASE_CLOSED_MESSAGE = _("Rückmeldungen sind nur während der Beteiligungsphase des Vorhabens möglich.")


def feature_closed_reason(feature: Feature) -> dict[str, str] | None:
    """Why no feedback can be given on `feature` now, as {field: message}; None when it is open."""
    if not feedback_rules.is_feature_open(None, feature):
        return {"feature": str(FEATURE_CLOSED_MESSAGE)}
    if not feedback_rules.is_participation_phase(None, feature):
        return {"phase": str(PHASE_CLOSED_MESSAGE)}
    return None


def _distance_m(feature: Feature, point: Point) -> float:
    """Metres between the point and the feature, measured in EPSG:25832 by PostGIS."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Distance(ST_Transform(geom, %s), ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), %s), %s)) "
            "FROM layers_feature WHERE id = %s",
            [UTM32, point.x, point.y, WGS84, UTM32, feature.pk],
        )
        return cursor.fetchone()[0]


def _point_on(feature: Feature) -> Point:
    return Feature.objects.filter(pk=feature.pk).values_list(PointOnSurface("geom"), flat=True).get()


def _stadtteil(location: Point) -> Stadtteil | None:
    found = locate(location)  # None: a feature reaching beyond the city, without a point of the citizen's
    return found.stadtteil if found else None


def _check_point(feature: Feature, point: Point) -> None:
    if point.srid is None:
        point.srid = WGS84
    if locate(point) is None:
        raise ValidationError({"lon": OUTSIDE_CITY_MESSAGE})
    distance, limit = _distance_m(feature, point), settings.FEEDBACK_MAX_DISTANCE_M
    if distance > limit:
        raise ValidationError(
            {
                "lon": _(
                    "Der Ort liegt %(distance)d m vom Objekt entfernt. Bitte wählen Sie einen Ort höchstens "
                    "%(limit)d m vom Objekt entfernt."
                )
                % {"distance": round(distance), "limit": limit}
            }
        )


def feedback_create(
    *, author: User, feature: Feature, opinion: str, text: str, point: Point | None = None, photo=None
) -> Feedback:
    """A stored photo is deleted again when the entry is not written, up to its commit (a caller's own outer
    transaction that rolls back later is the caller's to clean up)."""
    with photos_removed_on_failure() as stored, transaction.atomic():
        feedback = _feedback_write(author, feature, opinion, text, point)
        if photo is not None:
            content = photo_process(photo, name="rueckmeldung")
            feedback.photo.save(content.name, content, save=False)
            stored.append(feedback.photo)
        feedback.save()
        FeedbackFollow.objects.get_or_create(project=feedback.project, user=author)
        if feedback.is_public:
            stats_apply(feedback=feedback, delta=1)
    return feedback


def _feedback_write(author: User, feature: Feature, opinion: str, text: str, point: Point | None) -> Feedback:
    """The checked, unsaved entry."""
    require(author, "feedback.take_part")
    feature = Feature.objects.select_related("layer__project").get(pk=feature.pk)
    project: Project = feature.layer.project
    if closed := feature_closed_reason(feature):
        raise ValidationError(closed)
    if opinion not in Feedback.Opinion.values:
        raise ValidationError({"opinion": _("Bitte wählen Sie dafür, neutral oder dagegen.")})
    text = _text(text, field="text", min_length=TEXT_MIN, max_length=TEXT_MAX)
    if point is not None:
        _check_point(feature, point)
    published = project.moderation == Project.Moderation.POST
    location = point if point is not None else _point_on(feature)
    return Feedback(
        feature=feature,
        layer=feature.layer,
        project=project,
        author=author,
        opinion=opinion,
        text=text,
        location=location,
        point_given=point is not None,
        stadtteil=_stadtteil(location),
        visibility=Feedback.Visibility.PUBLISHED if published else Feedback.Visibility.PENDING,
        published_at=timezone.now() if published else None,
    )


@transaction.atomic
def report_create(*, reporter: User, feedback: Feedback, reason: str) -> FeedbackReport:
    require(reporter, "feedback.take_part")
    if not feedback.is_public:
        raise ValidationError({"feedback": _("Diese Rückmeldung ist nicht öffentlich.")})
    reason = _text(reason, field="reason", min_length=5, max_length=1000)
    return FeedbackReport.objects.create(reporter=reporter, feedback=feedback, reason=reason)


@transaction.atomic
def follow_set(*, project: Project, user: User, follow: bool) -> bool:
    return edge_follow_set(FeedbackFollow, user=user, follow=follow, rule="feedback.take_part", project=project)


def personal_data_erase(user: User) -> None:
    """On account deletion: entries stay with the anonymised account (they are part of the Abwägung); the
    follows (e-mails on release), the photos and the moderators' reasons addressed to them go."""
    FeedbackFollow.objects.filter(user=user).delete()
    entries = Feedback.objects.filter(author=user)
    photos_erase(entries)
    entries.exclude(moderation_reason="").update(moderation_reason="")
