"""The formal procedure of a land-use plan: steps with legal periods, plan versions, documents and statements."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edge.jobs import Job
from feedback.models import Feedback
from geo.photos import UnguessableName, private_storage
from geo.spatial import WGS84
from layers.models import Feature, Layer, Project

# The periods are legal ones: they follow the city's local time, whatever the server's zone is.
BERLIN = ZoneInfo("Europe/Berlin")


def day_start(day: date) -> datetime:
    """00:00:00 of `day` in Berlin; on a DST change day this is still the first instant of the day."""
    return datetime.combine(day, time.min, tzinfo=BERLIN)


class Procedure(models.Model):
    """The Bauleitplanverfahren of one project (a Bebauungsplan or Flächennutzungsplan)."""

    class PlanKind(models.TextChoices):
        BPLAN = "bplan", _("Bebauungsplan")
        FPLAN = "fplan", _("Flächennutzungsplan")

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="procedure")
    plan_kind = models.CharField(_("Planart"), max_length=5, choices=PlanKind.choices, default=PlanKind.BPLAN)
    # The next statement number; raised under SELECT … FOR UPDATE so two submissions never share one.
    last_number = models.PositiveIntegerField(default=0, editable=False)
    # Raised by every write of the Abwägung: with last_number it keys the cached count of unweighed statements.
    weighing_version = models.PositiveIntegerField(default=0, editable=False)
    council_decided_on = models.DateField(_("Beschluss des Stadtrats am"), null=True, blank=True)
    decision_text = models.TextField(_("Beschluss (öffentlich)"), blank=True, max_length=10000)
    decision_published_at = models.DateTimeField(_("Beschluss veröffentlicht am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Bauleitplanverfahren")
        verbose_name_plural = _("Bauleitplanverfahren")

    def __str__(self) -> str:
        return f"{self.get_plan_kind_display()}: {self.project}"


class PlanVersion(models.Model):
    """One uploaded plan (an XPlanGML file): its layers and, per gml:id, a fingerprint to compare versions."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("Fassung"))
    name = models.CharField(_("Name des Plans"), max_length=300, blank=True)
    xplan_class = models.CharField(_("Planklasse"), max_length=40, blank=True)  # BP_Plan, FP_Plan
    xplan_version = models.CharField(_("XPlanung-Version"), max_length=10, blank=True)
    # Identifiers such as the Gemeindeschlüssel keep their leading zeros: text, never numbers.
    attributes = models.JSONField(_("Angaben zum Plan"), default=dict, blank=True)
    source_name = models.CharField(_("Quelldatei"), max_length=255, blank=True)
    layers = models.ManyToManyField(Layer, blank=True, related_name="plan_versions", verbose_name=_("Kartenebenen"))
    # gml:id -> [feature class, hash of geometry and attributes]; the diff between versions reads only this.
    fingerprints = models.JSONField(default=dict, blank=True, editable=False)
    report = models.JSONField(_("Importbericht"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["procedure", "number"]
        verbose_name = _("Planfassung")
        verbose_name_plural = _("Planfassungen")
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="planversion_number_once")]

    def __str__(self) -> str:
        return _("Fassung %(n)d") % {"n": self.number}


class Step(models.Model):
    """A step of the procedure with its period: from the first second of `starts_on` to the last of `ends_on`."""

    class Kind(models.TextChoices):
        FRUEH_OEFFENTLICHKEIT = "p3_1", _("Frühzeitige Öffentlichkeitsbeteiligung (§ 3 Abs. 1 BauGB)")
        FRUEH_BEHOERDEN = "p4_1", _("Frühzeitige Behördenbeteiligung (§ 4 Abs. 1 BauGB)")
        VEROEFFENTLICHUNG = "p3_2", _("Veröffentlichung (§ 3 Abs. 2 BauGB)")
        BEHOERDEN = "p4_2", _("Behördenbeteiligung (§ 4 Abs. 2 BauGB)")
        ERNEUT = "p4a_3", _("Erneute Veröffentlichung (§ 4a Abs. 3 BauGB)")

    PUBLIC_KINDS = (Kind.FRUEH_OEFFENTLICHKEIT, Kind.VEROEFFENTLICHUNG, Kind.ERNEUT)
    AGENCY_KINDS = (Kind.FRUEH_BEHOERDEN, Kind.BEHOERDEN)

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("Verfahrensschritt"), max_length=6, choices=Kind.choices)
    starts_on = models.DateField(_("Beginn (erster Tag)"))
    ends_on = models.DateField(_("Ende (letzter Tag, bis 23:59:59 Uhr)"))
    notice_text = models.TextField(_("Bekanntmachung"), blank=True, max_length=20000)
    notice_date = models.DateField(_("Bekanntmachung am"), null=True, blank=True)
    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="steps",
        verbose_name=_("Planfassung"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["procedure", "starts_on", "id"]
        verbose_name = _("Verfahrensschritt")
        verbose_name_plural = _("Verfahrensschritte")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="step_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.period_text}"

    @property
    def opens_at(self) -> datetime:
        return day_start(self.starts_on)

    @property
    def closes_at(self) -> datetime:
        """The first instant after the period (exclusive end): the start of the day after `ends_on`."""
        return day_start(self.ends_on + timedelta(days=1))

    def is_open(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at

    @property
    def is_public(self) -> bool:
        return self.kind in self.PUBLIC_KINDS

    @property
    def period_text(self) -> str:
        return _("%(start)s bis %(end)s (24:00 Uhr)") % {
            "start": self.starts_on.strftime("%d.%m.%Y"),
            "end": self.ends_on.strftime("%d.%m.%Y"),
        }


document_name = UnguessableName("bauleitplanung")  # named by the migrations


class PlanDocument(models.Model):
    """A PDF of a plan version: Planzeichnung, Begründung, Umweltbericht, …"""

    class Kind(models.TextChoices):
        PLANZEICHNUNG = "planzeichnung", _("Planzeichnung")
        BEGRUENDUNG = "begruendung", _("Begründung")
        UMWELTBERICHT = "umweltbericht", _("Umweltbericht")
        TEXTFESTSETZUNGEN = "textfestsetzungen", _("Textliche Festsetzungen")
        GUTACHTEN = "gutachten", _("Gutachten")
        SONSTIGES = "sonstiges", _("Sonstiges")

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("PDF-Datei"), upload_to=document_name)
    pages = models.PositiveIntegerField(_("Seitenzahl"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "kind", "id"]
        verbose_name = _("Plandokument")
        verbose_name_plural = _("Plandokumente")

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    """A Stellungnahme. Personal: only staff with the rule `bauleitplanung.view_statements` read it."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        AGENCY = "agency", _("Behörde (Link)")
        LETTER = "letter", _("Brief")
        EMAIL = "email", _("E-Mail")
        MINUTES = "minutes", _("Niederschrift")

    STAFF_CHANNELS = (Channel.LETTER, Channel.EMAIL, Channel.MINUTES)

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="statements")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="statements", verbose_name=_("Schritt"))
    number = models.PositiveIntegerField(_("Nummer"))
    channel = models.CharField(_("Eingangsweg"), max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    address = models.TextField(_("Postanschrift"), max_length=500, blank=True)
    text = models.TextField(_("Stellungnahme"), max_length=20000)
    location = models.PointField(_("Ort"), srid=WGS84, null=True, blank=True)
    feature = models.ForeignKey(
        Feature, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Planinhalt")
    )
    document = models.ForeignKey(
        PlanDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Dokument")
    )
    page = models.PositiveIntegerField(_("Seite"), null=True, blank=True)
    # Legally relevant: for online statements the server's time of storage, else the day the letter arrived.
    received_at = models.DateTimeField(_("Eingang"))
    is_late = models.BooleanField(_("verspätet"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receipt_sent_at = models.DateTimeField(_("Eingangsbestätigung versandt"), null=True, blank=True)
    group = models.ForeignKey(
        "StatementGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="members",
        verbose_name=_("Gruppe"),
    )  # fmt: skip
    result_sent_at = models.DateTimeField(_("Ergebnis versandt"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["procedure", "number"]
        verbose_name = _("Stellungnahme")
        verbose_name_plural = _("Stellungnahmen")
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="statement_number_once")]
        indexes = [models.Index(fields=["step", "channel"], name="statement_step_channel")]

    def __str__(self) -> str:
        return _("Stellungnahme %(n)d") % {"n": self.number}


# The weighing values are the feedback app's (berücksichtigt / teilweise / nicht / zur Kenntnis genommen).
Decision = Feedback.Decision


class Weighing(models.Model):
    """The Abwägung of a group of statements or of one concern."""

    decision = models.CharField(_("Abwägung"), max_length=24, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("Begründung der Abwägung"), max_length=8000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        abstract = True


class StatementGroup(Weighing):
    """Statements with the same content (e.g. a signature list), weighed once; the group lists its members."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="groups")
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(_("Zusammenfassung des Anliegens"), max_length=4000)

    class Meta:
        ordering = ["procedure", "id"]
        verbose_name = _("Gruppe gleichlautender Stellungnahmen")
        verbose_name_plural = _("Gruppen gleichlautender Stellungnahmen")

    def __str__(self) -> str:
        return self.title


class Concern(Weighing):
    """One concern (Anliegen) of a statement, weighed on its own; a statement not split has exactly one."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="concerns")
    order = models.PositiveSmallIntegerField(default=1)
    summary = models.TextField(_("Anliegen (Zusammenfassung)"), max_length=4000)
    topic = models.CharField(_("Thema"), max_length=100, blank=True)

    class Meta:
        ordering = ["statement", "order", "id"]
        verbose_name = _("Anliegen")
        verbose_name_plural = _("Anliegen")
        constraints = [models.UniqueConstraint(fields=["statement", "order"], name="concern_order_once")]

    def __str__(self) -> str:
        return self.summary[:80]


class Agency(models.Model):
    """A Träger öffentlicher Belange (§ 4 BauGB): asked per step by e-mail, answers through a personal link."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    email = models.EmailField(_("E-Mail"))
    concern = models.CharField(_("Belang"), max_length=300, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Behörde (TöB)")
        verbose_name_plural = _("Behörden (TöB)")

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """An agency asked to comment in one step; the signed link names this row and its nonce."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="invitations")
    # Changing the nonce revokes a link that went to the wrong address.
    nonce = models.CharField(max_length=32, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Einladung einer Behörde")
        verbose_name_plural = _("Einladungen von Behörden")
        constraints = [models.UniqueConstraint(fields=["step", "agency"], name="invitation_once_per_step")]

    def __str__(self) -> str:
        return f"{self.agency} – {self.step}"


# Statements are personal: only staff_views.attachment serves these files (rule view_statements). (The
# migrations name both.)
attachment_storage = private_storage
attachment_name = UnguessableName("stellungnahmen")


class StatementAttachment(models.Model):
    """A PDF or a photo sent with a statement (photos re-encoded without metadata, PDFs checked by signature)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("Datei"), storage=attachment_storage, upload_to=attachment_name)
    original_name = models.CharField(_("Dateiname"), max_length=200)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["statement", "id"]
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")

    def __str__(self) -> str:
        return self.original_name


paper_name = UnguessableName("abwaegung")  # named by the migrations


class TablePdf(Job):
    """The Abwägungstabelle as PDF, set by a job (bauleitplanung.tasks.table_pdf_render, minutes for thousands of
    statements): the staff list shows its progress and, when it is done, the download. One per procedure is kept."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="table_pdfs")
    statements = models.PositiveIntegerField(_("Stellungnahmen"), default=0)
    done = models.PositiveIntegerField(_("gesetzt"), default=0)
    pages = models.PositiveIntegerField(_("Seiten"), default=0)
    # The weighing it shows: a later write of the Abwägung makes it outdated (Procedure.weighing_version).
    weighing_version = models.PositiveIntegerField(default=0)
    file = models.FileField(_("Datei"), storage=attachment_storage, upload_to=paper_name, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("Abwägungstabelle (PDF)")
        verbose_name_plural = _("Abwägungstabellen (PDF)")

    def __str__(self) -> str:
        return f"{self.procedure} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return 100 if self.state == self.State.DONE else int(100 * self.done / max(1, self.statements))
