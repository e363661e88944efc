"""Stored results of the overview: pages read these rows and never compute (docs/overview.md)."""

from django.conf import settings
from django.contrib.gis.db import models as gis_models
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edge.jobs import Job


class Run(Job):
    """One computation of the overview; its state and progress are what the staff page shows."""

    stage = models.CharField(_("Schritt"), max_length=120, blank=True)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    texts = models.PositiveIntegerField(_("Texte"), default=0)
    too_short = models.PositiveIntegerField(_("zu kurz für die Auswertung"), default=0)
    # suggestions.labels_digest() when the run learned: the periodic job compares it to see relabelled examples.
    labels_digest = models.CharField(max_length=32, blank=True, editable=False)

    class Meta(Job.Meta):
        verbose_name = _("Auswertungslauf")
        verbose_name_plural = _("Auswertungsläufe")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk} ({self.get_state_display()})"


class TextGroup(models.Model):
    """Near-identical texts of one scope (a project, a survey): a mass statement or repeated idea."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="groups")
    scope = models.CharField(_("Bereich"), max_length=200)
    template = models.TextField(_("Vorlage"))
    size = models.PositiveIntegerField(_("Mitglieder"))

    class Meta:
        ordering = ["-size", "id"]
        verbose_name = _("Textgruppe")
        verbose_name_plural = _("Textgruppen")

    def __str__(self) -> str:
        return f"{self.scope}: {self.size}"


class GroupMember(models.Model):
    group = models.ForeignKey(TextGroup, on_delete=models.CASCADE, related_name="members")
    source = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    url = models.CharField(max_length=300, blank=True)
    excerpt = models.CharField(max_length=300)
    # What the member changed against the template: [{"op": added|removed|moved|edited, "text": …}, …]
    diff = models.JSONField(default=list)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["source", "object_id"], name="overview_member_object")]

    def __str__(self) -> str:
        return f"{self.source} {self.object_id}"


class Topic(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="topics")
    number = models.PositiveSmallIntegerField()
    keywords = models.JSONField(_("Schlüsselwörter"), default=list)
    size = models.PositiveIntegerField(_("Texte"))
    # The three most typical texts: [{"source", "id", "url", "excerpt"}]
    examples = models.JSONField(default=list)
    # Counts per Stadtteil number and per month ("2026-05"); the public view passes them through geo.disclosure.
    by_stadtteil = models.JSONField(default=dict)
    by_month = models.JSONField(default=dict)
    # The staff's name for the topic, carried over from earlier runs (TopicLabel).
    label = models.ForeignKey("TopicLabel", on_delete=models.SET_NULL, null=True, blank=True, related_name="topics")
    # Its texts as [[source, id], …]: what a split on this run reads again (the run keeps no texts).
    members = models.JSONField(default=list)

    class Meta:
        ordering = ["-size", "number"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.label_id and self.label.name:
            return self.label.name
        return ", ".join(self.keywords[:3])


class TopicLabel(models.Model):
    """A staff edit that outlives runs: a name for the topic with these key words (matched again each run)."""

    name = models.CharField(_("Name"), max_length=120)
    keywords = models.JSONField(default=list)
    # Topics merged by the staff point at the label they were merged into.
    merged_into = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # A split: this label names the texts of `split_from`'s topic that contain one of `split_words`. Such a label
    # is never matched by key words; each run splits it off its parent's topic again.
    split_from = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="splits", verbose_name=_("geteilt aus")
    )
    split_words = models.JSONField(_("Wörter der Teilung"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Themenname")
        verbose_name_plural = _("Themennamen")

    def __str__(self) -> str:
        return self.name


class GroupDecisionLog(models.Model):
    """One decision a person made for a whole overview group; the group itself goes with its run, this stays."""

    class Action(models.TextChoices):
        FEEDBACK = "feedback", _("Rückmeldungen abgewogen")
        STATEMENT_GROUP = "statements", _("Stellungnahmen als Gruppe angelegt")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(_("Aktion"), max_length=12, choices=Action.choices)
    scope = models.CharField(_("Bereich"), max_length=200)
    template = models.TextField(_("Vorlage"))
    decision = models.CharField(_("Abwägung"), max_length=24, blank=True)
    # The ids of the entries decided (feedback) or grouped (statements), and of those left out.
    member_ids = models.JSONField(default=list)
    skipped_ids = models.JSONField(default=list)
    statement_group = models.ForeignKey(
        "bauleitplanung.StatementGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Entscheidung für eine Gruppe")
        verbose_name_plural = _("Entscheidungen für Gruppen")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {len(self.member_ids)}"


class HotSpot(models.Model):
    """A cluster of located contributions (DBSCAN in EPSG:25832), with what is said there."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="hotspots")
    size = models.PositiveIntegerField(_("Beiträge"))
    center = gis_models.PointField(_("Mitte"), srid=4326)
    radius_m = models.PositiveIntegerField(_("Radius (m)"))
    keywords = models.JSONField(_("Schlüsselwörter"), default=list)
    # Up to MEMBERS_SHOWN members: [{"source", "id", "url", "excerpt"}]
    members = models.JSONField(default=list)

    class Meta:
        ordering = ["-size", "id"]
        verbose_name = _("Brennpunkt")
        verbose_name_plural = _("Brennpunkte")

    def __str__(self) -> str:
        return ", ".join(self.keywords[:3]) or str(self.size)


class Suggestion(models.TextChoices):
    """What a suggestion is for; one learner (overview.suggest), one model table and one log for all."""

    CATEGORY = "category", _("Kategorie einer Idee")
    TOPIC = "topic", _("Thema einer Stellungnahme")
    FEATURE = "feature", _("Planinhalt einer Stellungnahme")


class SuggestionModel(models.Model):
    """A classifier trained by a run (joblib bytes); pages load it, never train it. Without `blob` the run had
    too few labelled examples, and `examples` says how many it had. Feature models are per procedure (each plan
    has its own features); category and topic models are one for all."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="suggestion_models")
    kind = models.CharField(max_length=8, choices=Suggestion.choices, default=Suggestion.CATEGORY)
    procedure = models.ForeignKey(
        "bauleitplanung.Procedure", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    blob = models.BinaryField(null=True)
    examples = models.PositiveIntegerField(_("Beispiele"), default=0)
    accuracy = models.FloatField(_("Trefferquote (zurückgehalten)"), null=True, blank=True)

    class Meta:
        verbose_name = _("Vorschlagsmodell")
        verbose_name_plural = _("Vorschlagsmodelle")
        constraints = [
            models.UniqueConstraint(fields=["run", "kind", "procedure"], name="suggestion_model_once",
                                    nulls_distinct=False),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class SuggestionDecision(models.Model):
    """A person's one click on a suggestion: accepted (it was applied) or rejected (nothing changed)."""

    kind = models.CharField(max_length=8, choices=Suggestion.choices, default=Suggestion.CATEGORY)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    idea = models.ForeignKey("proposals.Idea", on_delete=models.CASCADE, null=True, related_name="+")
    suggested = models.ForeignKey("proposals.Category", on_delete=models.CASCADE, null=True, related_name="+")
    statement = models.ForeignKey("bauleitplanung.Statement", on_delete=models.CASCADE, null=True, related_name="+")
    # For statements: the topic, or the feature as "Layer gml_id" (the feature row may go with a new plan).
    value = models.CharField(_("Vorschlag"), max_length=200, blank=True)
    accepted = models.BooleanField(_("angenommen"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Entscheidung über einen Vorschlag")
        verbose_name_plural = _("Entscheidungen über Vorschläge")

    def __str__(self) -> str:
        target = self.idea_id or self.statement_id
        return f"{self.kind} {target}: {self.suggested_id or self.value} ({self.accepted})"
