"""Demo procedure: the Bebauungsplan "Pfaff-Areal Nord" (our own XPlanGML 6.0 file) with its steps around today:
the early participation is over, the Veröffentlichung (§ 3 Abs. 2) is open. Marked as demo, idempotent."""

import random
from datetime import timedelta
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from bauleitplanung.models import Procedure, Statement, Step
from bauleitplanung.services.plans import plan_import
from layers.models import Project
from layers.services import project_create

SLUG = "bebauungsplan-pfaff-areal-nord"
PLAN_FILE = Path(__file__).with_name("bplan_pfaff_nord.gml")
NOTICE = (
    "Der Entwurf des Bebauungsplans „Pfaff-Areal Nord“ mit Begründung wird gemäß § 3 Abs. 2 BauGB im Internet "
    "veröffentlicht. Während der Veröffentlichungsfrist kann jede Person eine Stellungnahme abgeben. "
    "(Demo-Inhalt, kein echtes Verfahren.)"
)
# The project's summary in Leichte Sprache; it passes pages.leichte_sprache.check.
EASY = """Auf dem alten Pfaff-Gelände sollen neue Häuser entstehen.
Dafür braucht die Stadt einen Plan.
Der Plan heißt Bebauungs·plan.
Im Plan steht: Was darf man wo bauen?

Sie können den Plan jetzt lesen.
Und Sie können Ihre Meinung dazu schreiben.
Ihre Meinung heißt Stellung·nahme.
Die Stadt liest alle Stellung·nahmen.
Danach entscheidet der Stadt·rat über den Plan.

Das ist ein Beispiel für die Demo."""
TEXTS = [
    "Die Grünfläche im Norden sollte größer werden; sie ist der einzige Park in der Nähe.",
    "Vier Geschosse im urbanen Gebiet passen nicht zur Nachbarbebauung an der Pfaffstraße.",
    "Bitte sichere Radabstellplätze am Fußgängerbereich vorsehen.",
    "Die Bäume an der Nordseite müssen erhalten bleiben.",
    "Wie wird der zusätzliche Verkehr in der Pfaffstraße abgewickelt?",
]


@transaction.atomic
def seed(options: dict) -> str:
    Project.objects.filter(slug=SLUG, summary_easy="").update(summary_easy=EASY)  # seeded before the text existed
    if Procedure.objects.filter(project__slug=SLUG).exists():
        return "Das Demo-Bauleitplanverfahren ist schon da."
    project = Project.objects.filter(slug=SLUG).first() or project_create(
        title="Bebauungsplan „Pfaff-Areal Nord“ (Demo)", slug=SLUG, topic=Project.Topic.STADTPLANUNG,
        summary="Förmliche Beteiligung an einem Bebauungsplan-Entwurf auf dem ehemaligen Pfaff-Gelände (Demo-Inhalt).",
        summary_easy=EASY, is_demo=True, office="Referat Stadtentwicklung",
    )  # fmt: skip
    version = plan_import(project=project, data=PLAN_FILE.read_bytes(), filename=PLAN_FILE.name, actor=None)
    procedure = version.procedure
    today = timezone.localdate()
    early = Step.objects.create(procedure=procedure, kind=Step.Kind.FRUEH_OEFFENTLICHKEIT, plan_version=version,
                                starts_on=today - timedelta(days=120), ends_on=today - timedelta(days=90),
                                notice_date=today - timedelta(days=127), notice_text=NOTICE)  # fmt: skip
    Step.objects.create(procedure=procedure, kind=Step.Kind.FRUEH_BEHOERDEN, plan_version=version,
                        starts_on=today - timedelta(days=120), ends_on=today - timedelta(days=90))  # fmt: skip
    publication = Step.objects.create(procedure=procedure, kind=Step.Kind.VEROEFFENTLICHUNG, plan_version=version,
                                      starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=25),
                                      notice_date=today - timedelta(days=17), notice_text=NOTICE)  # fmt: skip
    Step.objects.create(procedure=procedure, kind=Step.Kind.BEHOERDEN, plan_version=version,
                        starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=25))  # fmt: skip
    rnd = random.Random(19)  # noqa: S311 (demo content, repeatable on purpose)
    area = project.area
    box = area.extent
    rows = []
    for number, step in enumerate([early] * 12 + [publication] * 6, start=1):
        days_ago = rnd.uniform(91, 119) if step is early else rnd.uniform(0, 9)
        location = None
        if rnd.random() < 0.6:
            point = Point(rnd.uniform(box[0], box[2]), rnd.uniform(box[1], box[3]), srid=4326)
            location = point if area.contains(point) else None
        rows.append(Statement(
            procedure=procedure, step=step, number=number, name=f"Demo-Person {number}",
            email=f"demo{number}@example.org" if number % 3 else "", address="" if number % 3 else "Demostraße 1",
            text=rnd.choice(TEXTS), location=location, received_at=timezone.now() - timedelta(days=days_ago),
            is_demo=True,
        ))  # fmt: skip
    Statement.objects.bulk_create(rows)
    Procedure.objects.filter(pk=procedure.pk).update(last_number=len(rows))
    return f"Demo-Bauleitplanverfahren „Pfaff-Areal Nord“ mit {len(rows)} Stellungnahmen; Veröffentlichung offen."
