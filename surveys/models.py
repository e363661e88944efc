from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.models import Stadtteil
from geo.spatial import WGS84
from pages.leichte_sprache import easy_text_field
from surveys.kinds import REGISTRY, kind_of


def default_district_sources() -> list[str]:
    return ["map", "profile", "question"]


class SurveyQuerySet(models.QuerySet):
    def results_released(self, at=None):
        """Surveys whose results the public may see: released by the city and over (Survey.results_released)."""
        return self.filter(results_public=True, closes_at__lte=at or timezone.now())


class Survey(models.Model):
    """A survey, or with `is_poll` a one-question poll (Abstimmung) shown on its project's page."""

    class Access(models.TextChoices):
        REGISTERED = "registered", _("Nur registrierte Bürger:innen (eine Antwort je Konto, änderbar)")
        ANONYMOUS = "anonymous", _("Auch ohne Konto (eine Antwort je Browser, als unbestätigt markiert)")

    class DistrictSource(models.TextChoices):
        MAP = "map", _("Kartenantwort")
        PROFILE = "profile", _("Wohn-Stadtteil im Profil")
        QUESTION = "question", _("Frage „Ihr Stadtteil“")

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(unique=True, max_length=200)
    introduction = models.TextField(_("Einleitung"), blank=True)
    introduction_easy = easy_text_field(_("Einleitung in Leichter Sprache"))
    project = models.ForeignKey(
        "layers.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("Vorhaben"),
    )
    opens_at = models.DateTimeField(_("offen ab"))
    closes_at = models.DateTimeField(_("offen bis"))
    access = models.CharField(
        _("Wer darf antworten?"), max_length=12, choices=Access.choices, default=Access.REGISTERED
    )
    results_public = models.BooleanField(
        _("Ergebnisse öffentlich"), default=True, help_text=_("Zusammengefasst und erst nach dem Ende der Umfrage.")
    )
    district_sources = ArrayField(
        models.CharField(max_length=10, choices=DistrictSource.choices),
        verbose_name=_("Herkunft des Stadtteils"),
        default=default_district_sources,
        blank=True,
        help_text=_("In dieser Reihenfolge versucht, z. B. „map,profile,question“."),
    )
    is_poll = models.BooleanField(_("Abstimmung"), default=False, help_text=_("Eine Frage, auf der Vorhabenseite."))
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "title"]
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", kwargs={"slug": self.slug})

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at

    def is_closed(self, at=None) -> bool:
        return (at or timezone.now()) >= self.closes_at

    def is_published(self, at=None) -> bool:
        return (at or timezone.now()) >= self.opens_at

    def results_released(self, at=None) -> bool:
        """The one rule of SurveyQuerySet.results_released, for one survey."""
        return self.results_public and self.is_closed(at)


class Question(models.Model):
    class Kind(models.TextChoices):
        """Every value has a module in surveys.kinds (tests/surveys/test_kinds.py checks it)."""

        SINGLE = "single", _("Einfachauswahl")
        MULTIPLE = "multiple", _("Mehrfachauswahl")
        TEXT = "text", _("Freitext")
        SCALE = "scale", _("Skala")
        NUMBER = "number", _("Zahl")
        RANKING = "ranking", _("Rangfolge")
        POINT = "point", _("Karte: ein Punkt")
        MULTIPOINT = "multipoint", _("Karte: mehrere Punkte")
        LINE = "line", _("Karte: Linie")
        AREA = "area", _("Karte: Fläche")
        STADTTEIL = "stadtteil", _("Ihr Stadtteil")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("Reihenfolge"))
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("Frage"), max_length=300)
    help_text = models.CharField(_("Hilfetext"), max_length=500, blank=True)
    required = models.BooleanField(_("Pflichtfrage"), default=True)
    allow_other = models.BooleanField(_("„Sonstiges“ mit Freitext"), default=False)
    scale_min = models.SmallIntegerField(_("Skala von"), default=1)
    scale_max = models.SmallIntegerField(_("Skala bis"), default=5)
    scale_min_label = models.CharField(_("Beschriftung links"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("Beschriftung rechts"), max_length=60, blank=True)
    number_min = models.FloatField(_("kleinste Zahl"), null=True, blank=True)
    number_max = models.FloatField(_("größte Zahl"), null=True, blank=True)
    show_if_choice = models.ForeignKey(
        "Choice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nur zeigen, wenn gewählt"),
        help_text=_("Eine Antwortmöglichkeit einer früheren Frage."),
    )

    class Meta:
        ordering = ["survey", "order"]
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        constraints = [models.UniqueConstraint(fields=["survey", "order"], name="question_order_unique")]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        kind = REGISTRY.get(self.kind)  # an unknown kind is the field's own error
        errors: dict[str, object] = {**kind.check_question(self)} if kind else {}
        if self.number_min is not None and self.number_max is not None and self.number_min > self.number_max:
            errors["number_max"] = _("Die größte Zahl darf nicht kleiner sein als die kleinste.")
        if self.show_if_choice_id is not None and self.show_if_choice is not None:
            earlier = self.show_if_choice.question
            if earlier.survey_id != self.survey_id or earlier.order >= self.order:
                errors["show_if_choice"] = _("Die Bedingung muss sich auf eine frühere Frage dieser Umfrage beziehen.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_map(self) -> bool:
        return kind_of(self).is_map

    @property
    def has_choices(self) -> bool:
        return kind_of(self).has_choices

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    text = models.CharField(_("Antwort"), max_length=200)

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("Antwortmöglichkeit")
        verbose_name_plural = _("Antwortmöglichkeiten")

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One respondent's answers: a registered user, or a browser identified by a signed token."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="survey_responses"
    )
    token = models.CharField(max_length=64, null=True, blank=True)
    stadtteil = models.ForeignKey(Stadtteil, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    verified = models.BooleanField(_("bestätigt"), default=True, help_text=_("Mit Konto abgegeben."))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["survey", "created_at"]
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = [
            # The database, not the view, guarantees one response per person: double submissions race.
            models.UniqueConstraint(
                fields=["survey", "user"], condition=Q(user__isnull=False), name="response_one_per_user"
            ),
            models.UniqueConstraint(
                fields=["survey", "token"], condition=Q(token__isnull=False), name="response_one_per_token"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False, token__isnull=True) | Q(user__isnull=True, token__isnull=False),
                name="response_user_xor_token",
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "stadtteil"], name="response_survey_stadtteil"),
            # The dashboard counts the people of a partial week (a date filter inside a week) by date range.
            models.Index(fields=["created_at"], name="response_created"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    """Typed storage: choices in AnswerChoice, `text`, `number`, or `geom` (WGS84) by question kind."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True)
    number = models.FloatField(null=True, blank=True)
    geom = models.GeometryField(srid=WGS84, null=True, blank=True)
    # The Stadtteil of a map answer (where the place is), or the one chosen in an "Ihr Stadtteil" question.
    stadtteil = models.ForeignKey(Stadtteil, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question")]
        # Results read every answer of one question with its district, respondent and number: with these
        # columns in the index that is an index-only scan (EXPLAIN in docs/performance.md, "Indexes").
        indexes = [
            models.Index(fields=["question", "stadtteil"], include=["response", "number"], name="answer_question_cover")
        ]


class AnswerChoice(models.Model):
    """A chosen option; `rank` (1 = first) for ranking questions."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="selected")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "choice"], name="answerchoice_unique")]
        indexes = [models.Index(fields=["choice"], name="answerchoice_choice")]


# Rollups kept by triggers (migration 0004, SQL in surveys/rollups.py) in the same transaction as every write;
# `manage.py rollups_rebuild` recounts them. No foreign keys: rows left at 0 are harmless, and a cascade must
# not wait on them. `key` is the sum of the disclosure policy's record keys (geo.disclosure) under the seed the
# database function klmw_disclosure_seed() holds; readers use the rollups only while it equals DISCLOSURE_SEED.


class DailyCell(models.Model):
    """A count per local day, survey, respondent's Stadtteil and verified flag, with its cell key."""

    day = models.DateField()
    survey_id = models.BigIntegerField()
    stadtteil_id = models.BigIntegerField(null=True)
    verified = models.BooleanField()
    # One of surveys.rollups.SLOTS rows per key (so concurrent responses do not queue on one row); sum them.
    slot = models.SmallIntegerField(db_default=0)
    count = models.IntegerField(default=0)
    key = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class ResponseRollup(DailyCell):
    """Responses per local day, survey, respondent's Stadtteil and verified flag."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey_id", "day", "stadtteil_id", "verified", "slot"],
                name="response_rollup_slot_key",
                nulls_distinct=False,
            )
        ]


class ChoiceRollup(DailyCell):
    """Chosen options per local day, survey, question, choice, respondent's Stadtteil and verified flag."""

    question_id = models.BigIntegerField()
    choice_id = models.BigIntegerField()
    rank_sum = models.BigIntegerField(default=0)  # a mean rank is rank_sum / ranked
    ranked = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question_id", "choice_id", "day", "stadtteil_id", "verified", "survey_id", "slot"],
                name="choice_rollup_slot_key",
                nulls_distinct=False,
            )
        ]


class RespondentWeek(models.Model):
    """A person who answered in a week (Monday, local time): across all surveys (scope 0) and across the
    surveys of one project (scope = the project's id). `responses` counts their responses there, so a person
    leaves the week only with the last one. The person is the dashboard's (dashboard.selectors.base.PERSON_SQL):
    the account, else the browser token's hash, else minus the response id."""

    week = models.DateField()
    scope = models.BigIntegerField()
    person = models.BigIntegerField()
    responses = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "week", "person"], name="respondent_week_key")]


class RespondentWeekCount(models.Model):
    """Distinct people per week and scope (the rows of RespondentWeek), with their cell key: the sum over the
    week's slots (surveys.rollups.SLOTS rows, so that concurrent responses do not queue on one row)."""

    week = models.DateField()
    scope = models.BigIntegerField()
    slot = models.SmallIntegerField(db_default=0)
    people = models.IntegerField(default=0)
    key = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "week", "slot"], name="respondent_week_count_slot_key")]
