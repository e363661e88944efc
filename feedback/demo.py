"""Demo feedback for `manage.py seed`: a few hundred believable responses to the segments of the demo cycle
network, some weighed and released. Dates follow today (the project's participation phase started 10 days
ago). Points along the segments are drawn by PostGIS in EPSG:25832; Stadtteile are set in one UPDATE
(geo.districting).
Idempotent: a second run with the same number changes nothing."""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from feedback.models import Feedback, FeedbackFollow
from feedback.services import stats_rebuild
from geo.districting import assign_districts
from geo.spatial import UTM32, WGS84
from layers import services as layer_services
from layers.models import Feature, Project

PROJECT = "demo-radverkehrsnetz"
ENTRIES = 320
WITH_POINT = 0.4  # "here the lane is too narrow": a point near the segment
WEIGHED, RELEASED = 0.35, 0.7  # of all entries; of the weighed ones
NAMES = ["Radlerin aus Kotten", "M. Becker", "", "Jonas", "Familie Yilmaz", "", "Pendler Hohenecken", "Greta S.",
         "Uwe", "", "Sophie vom Betzenberg", "Karl-Heinz", "", "Aylin", "ADFC-Mitglied", "Elena", "",
         "Frank R."]  # fmt: skip
TEXTS = {
    "dafuer": [
        "Endlich eine durchgehende Verbindung, ich fahre hier jeden Tag zur Arbeit.",
        "Sehr gut, mit den Kindern ist die Strecke bisher viel zu gefährlich.",
        "Der Radfahrstreifen ist überfällig. Bitte schnell umsetzen!",
        "Gute Planung, besonders die sichere Führung an der Kreuzung.",
        "Ich würde dann öfter das Auto stehen lassen.",
    ],
    "neutral": [
        "Grundsätzlich gut, aber wo sollen die Lieferwagen halten?",
        "Bitte auch an die Beleuchtung denken, abends ist es hier sehr dunkel.",
        "Wie wird der Winterdienst auf dem neuen Streifen geregelt?",
        "Die Bushaltestelle sollte in die Planung einbezogen werden.",
    ],
    "dagegen": [
        "Hier ist der Streifen zu schmal, die Autos überholen dann ganz knapp.",
        "Dadurch fallen viele Parkplätze weg, die die Anwohner brauchen.",
        "An dieser Stelle wäre eine Führung über die Nebenstraße sicherer.",
        "Die Steigung ist für Radverkehr ungeeignet, besser eine andere Route.",
    ],
}
REASONS = {
    "beruecksichtigt": "Der Hinweis wird in der Entwurfsplanung umgesetzt.",
    "teilweise": "Die Breite wird auf 2,0 m erhöht; eine Verlegung der Route ist wegen der Steigung nicht möglich.",
    "nicht_beruecksichtigt": "Eine andere Führung ist geprüft worden, sie verlängert den Weg aber um 800 m "
    "und wird daher nicht weiterverfolgt.",
    "zur_kenntnis": "Der Hinweis betrifft den Betrieb (Winterdienst, Beleuchtung) und wird an das zuständige "
    "Referat weitergegeben.",
}

# A point on the segment at `frac` of its first part, moved by (dx, dy) metres; or a point on the segment.
LOCATION_SQL = """
SELECT CASE WHEN %(frac)s IS NULL THEN ST_PointOnSurface(geom)
       ELSE ST_Transform(ST_Translate(ST_LineInterpolatePoint(
                ST_GeometryN(ST_LineMerge(ST_Transform(geom, %(utm)s)), 1), %(frac)s), %(dx)s, %(dy)s), %(wgs)s)
       END
FROM layers_feature WHERE id = %(feature)s
"""


def _users() -> list[User]:
    users = []
    for n, name in enumerate(NAMES * 3):  # about fifty people, some with the same public name
        user, _ = User.objects.get_or_create(
            username=f"demo-rueckmeldung-{n}",
            defaults={"display_name": name, "email": f"demo-rueckmeldung-{n}@example.org",
                      "password": make_password(None)},
        )  # fmt: skip
        users.append(user)
    return users


def _location(cursor, feature: Feature, rnd: random.Random):
    with_point = rnd.random() < WITH_POINT
    params = {"feature": feature.pk, "frac": rnd.uniform(0.05, 0.95) if with_point else None,
              "dx": rnd.uniform(-15, 15), "dy": rnd.uniform(-15, 15), "utm": UTM32, "wgs": WGS84}  # fmt: skip
    cursor.execute(LOCATION_SQL, params)
    return cursor.fetchone()[0], with_point


@transaction.atomic
def seed(options: dict) -> str:
    project = Project.objects.filter(slug=PROJECT).first()
    if project is None:
        return "Kein Demo-Radverkehrsnetz: keine Demo-Rückmeldungen."
    for layer in project.layers.all():
        if not layer.feedback_open:
            layer_services.layer_update(layer=layer, data={"feedback_open": True})
    demo = Feedback.objects.filter(project=project, is_demo=True)
    if demo.count() == ENTRIES:
        return f"{ENTRIES} Demo-Rückmeldungen sind schon da."
    demo.delete()
    features = list(Feature.objects.filter(layer__project=project).select_related("layer").order_by("id"))
    if not features:
        return "Das Demo-Radverkehrsnetz hat keine Objekte: keine Demo-Rückmeldungen."
    rnd = random.Random(15)  # noqa: S311 (demo content, repeatable on purpose)
    users = _users()
    # Each segment has its own mood: the main routes are popular, some side streets contested.
    moods = {f.pk: rnd.choice([(60, 25, 15), (45, 20, 35), (25, 20, 55), (70, 20, 10)]) for f in features}
    weights = [3 if f.layer.order == 0 and f.layer.name == "Hauptrouten" else 2 for f in features]
    now = timezone.now()
    officer = User.objects.filter(is_superuser=True).first() or users[0]
    rows = []
    with connection.cursor() as cursor:
        for _ in range(ENTRIES):
            feature = rnd.choices(features, weights)[0]
            opinion = rnd.choices(list(TEXTS), moods[feature.pk])[0]
            location, with_point = _location(cursor, feature, rnd)
            created = now - timedelta(days=rnd.uniform(0, 10))
            hidden = rnd.random() < 0.02
            decision = rnd.choice(list(REASONS)) if not hidden and rnd.random() < WEIGHED else ""
            released = bool(decision) and rnd.random() < RELEASED
            rows.append(
                Feedback(
                    feature=feature, layer=feature.layer, project=project, author=rnd.choice(users), opinion=opinion,
                    text=rnd.choice(TEXTS[opinion]), location=location, point_given=with_point,
                    visibility=Feedback.Visibility.HIDDEN if hidden else Feedback.Visibility.PUBLISHED,
                    moderation_reason="Beleidigende Äußerung entfernt." if hidden else "",
                    decision=decision, decision_reason=REASONS.get(decision, ""),
                    decided_at=max(created, now - timedelta(days=1)) if decision else None,
                    decided_by=officer if decision else None,
                    public_decision=decision if released else "", public_reason=REASONS[decision] if released else "",
                    released_at=max(created, now - timedelta(hours=20)) if released else None,
                    is_demo=True, created_at=created, published_at=created,
                )
            )  # fmt: skip
        Feedback.objects.bulk_create(rows, batch_size=1000)
    assign_districts(
        table="feedback_feedback", geom="location", where="project_id = %s AND is_demo", params=[project.pk]
    )
    FeedbackFollow.objects.bulk_create(
        [FeedbackFollow(project=project, user=u) for u in {r.author for r in rows}], ignore_conflicts=True
    )
    stats_rebuild(project_id=project.pk)
    weighed = sum(1 for r in rows if r.decision)
    return f"{ENTRIES} Demo-Rückmeldungen zum Radverkehrsnetz, {weighed} abgewogen."
