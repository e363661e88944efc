"""Feedback on the features of a project's map layers, and its weighing (Abwägung) by the planners."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edge.moderation import Moderated, ModerationLogBase, ReportBase
from geo.models import Stadtteil
from geo.photos import UnguessableName, private_storage
from geo.spatial import WGS84
from layers.models import Feature, Layer, Project

# Only feedback.views.feedback_photo serves the photos, by the entry's visibility. (The migrations name both.)
photo_storage = private_storage
photo_name = UnguessableName("rueckmeldungen")


class Feedback(Moderated):
    class Opinion(models.TextChoices):
        DAFUER = "dafuer", _("dafür")
        NEUTRAL = "neutral", _("neutral")
        DAGEGEN = "dagegen", _("dagegen")

    class Decision(models.TextChoices):
        BERUECKSICHTIGT = "beruecksichtigt", _("berücksichtigt")
        TEILWEISE = "teilweise", _("teilweise berücksichtigt")
        NICHT = "nicht_beruecksichtigt", _("nicht berücksichtigt")
        KENNTNIS = "zur_kenntnis", _("zur Kenntnis genommen")

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("Objekt"))
    # Copies of feature.layer and layer.project, so the review page filters without joins.
    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kartenebene"))
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("Vorhaben"))
    # Kept when the account is deleted: the account is anonymised instead (accounts.services).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feature_feedback", verbose_name=_("Autor:in")
    )
    opinion = models.CharField(_("Meinung"), max_length=8, choices=Opinion.choices)
    text = models.TextField(_("Kommentar"), max_length=2000)
    # The citizen's point near the feature, or else a point on the feature (for maps and GIS: always a point).
    location = models.PointField(_("Ort"), srid=WGS84)
    point_given = models.BooleanField(_("Ort von der Person gesetzt"), default=False)
    # Of the location; set on write so counting per Stadtteil is a GROUP BY.
    stadtteil = models.ForeignKey(
        Stadtteil, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Stadtteil")
    )
    photo = models.ImageField(_("Foto"), storage=photo_storage, upload_to=photo_name, blank=True)
    # The planner's working decision; the public sees only what was released (public_*).
    decision = models.CharField(_("Abwägung"), max_length=24, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("Begründung der Abwägung"), max_length=4000, blank=True)
    decided_at = models.DateTimeField(_("abgewogen am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    public_decision = models.CharField(
        _("veröffentlichte Abwägung"), max_length=24, choices=Decision.choices, blank=True
    )
    public_reason = models.TextField(_("veröffentlichte Begründung"), blank=True)
    released_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    class Meta(Moderated.Meta):
        verbose_name = _("Rückmeldung")
        verbose_name_plural = _("Rückmeldungen")
        indexes = [
            models.Index(fields=["project", "visibility", "-created_at"], name="feedback_project_recent"),
            models.Index(fields=["feature", "visibility"], name="feedback_feature"),
            models.Index(fields=["project", "decision"], name="feedback_project_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.get_opinion_display()}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:feature", kwargs={"slug": self.project.slug, "feature_id": self.feature_id})

    @property
    def is_weighed(self) -> bool:
        return bool(self.decision)

    @property
    def has_unreleased_decision(self) -> bool:
        return (self.decision, self.decision_reason) != (self.public_decision, self.public_reason)


class FeatureFeedbackStats(models.Model):
    """Published feedback counted per feature, kept exact by the services (an upsert per change).

    The features GeoJSON joins this small table instead of counting feedback rows on each request.
    """

    feature = models.OneToOneField(Feature, on_delete=models.CASCADE, primary_key=True, related_name="feedback_stats")
    total = models.IntegerField(default=0)
    dafuer = models.IntegerField(default=0)
    neutral = models.IntegerField(default=0)
    dagegen = models.IntegerField(default=0)
    # Cell keys of geo.disclosure (sum of the authors' record keys, mod 2**16), so publishing needs no scan.
    total_key = models.IntegerField(default=0)
    dafuer_key = models.IntegerField(default=0)
    neutral_key = models.IntegerField(default=0)
    dagegen_key = models.IntegerField(default=0)


class FeedbackFollow(models.Model):
    """Who is told when a project's decisions are released; authors follow their project on submitting."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="feedback_follow_once")]


class FeedbackReport(ReportBase):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="reports")

    class Meta(ReportBase.Meta):
        verbose_name = _("Meldung einer Rückmeldung")
        verbose_name_plural = _("Meldungen von Rückmeldungen")
        indexes = [models.Index(fields=["created_at"], condition=Q(resolved_at=None), name="feedback_report_open")]

    def log_target(self) -> dict:
        return {"project_id": self.feedback.project_id, "feedback_id": self.feedback_id}


class FeedbackLog(ModerationLogBase):
    """Moderation, weighing and release of a project's feedback."""

    class Action(models.TextChoices):
        APPROVE = ModerationLogBase.APPROVE
        REJECT = ModerationLogBase.REJECT
        HIDE = ModerationLogBase.HIDE
        DECIDE = "decide", _("abgewogen")
        RELEASE = "release", _("Abwägung veröffentlicht")
        RESOLVE_REPORT = ModerationLogBase.RESOLVE_REPORT

    action = models.CharField(max_length=20, choices=Action.choices)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, null=True, blank=True, related_name="log")
