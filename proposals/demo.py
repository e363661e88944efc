"""Demo ideas for `manage.py seed`: realistic German ideas spread over the real Stadtteile by population.

Points are drawn inside the Stadtteile (and inside the areas of demo projects) by PostGIS, so every idea's
Stadtteil is known without asking per point. Idempotent: the same --ideas N gives the same content again.
"""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.gis.geos import Point
from django.db import connection
from django.utils import timezone

from accounts.models import User
from geo.districting import STADTTEIL_OF_SQL
from geo.spatial import WGS84
from layers.models import Project
from proposals.models import Category, Comment, Idea, StatusChange, Support
from proposals.services.clusters import cells_rebuild

DEFAULT_IDEAS = 300
PROJECT_SHARE = 0.15  # of the ideas belong to a demo project, when there is one
PENDING_SHARE = 0.03  # wait for the moderators, so the queue has something to show
SUPPORTED_IDEAS = 2000  # supports and comments are rows of their own: only the newest ideas get them

TEXTS = {
    "verkehr": [
        (
            "Zebrastreifen an der Bushaltestelle",
            "Viele Kinder queren hier auf dem Schulweg. Ein Zebrastreifen würde helfen.",
        ),
        ("Tempo 30 vor der Grundschule", "Morgens fahren Autos hier viel zu schnell an der Schule vorbei."),
        ("Ampelphase für Fußgänger verlängern", "Ältere Menschen schaffen die Straße in der Grünphase kaum."),
        (
            "Parkplatzsuchverkehr reduzieren",
            "Ein Hinweis auf das nahe Parkhaus würde den Verkehr im Wohngebiet entlasten.",
        ),
    ],
    "radverkehr": [
        ("Fahrradbügel am Bäcker", "Hier stehen die Räder an Laternen. Ein paar Bügel würden reichen."),
        ("Radweg durchgängig markieren", "Der Radweg endet plötzlich und man muss auf die Fahrbahn wechseln."),
        (
            "Sichere Abstellanlage am Bahnhalt",
            "Eine überdachte, abschließbare Abstellanlage für Pendler:innen wäre toll.",
        ),
        ("Bordstein absenken", "An dieser Einmündung ist der Bordstein für Räder und Anhänger zu hoch."),
    ],
    "gruen": [
        ("Mehr Bäume für Schatten", "Im Sommer ist es hier sehr heiß. Straßenbäume würden Schatten spenden."),
        ("Blühwiese statt Rasen", "Die Rasenfläche wird kaum genutzt. Eine Blühwiese hilft Insekten."),
        ("Trinkbrunnen aufstellen", "Ein Trinkbrunnen wäre an heißen Tagen für alle eine Erleichterung."),
        ("Fassaden begrünen", "Die grauen Wände könnten mit Kletterpflanzen begrünt werden."),
    ],
    "spielen": [
        ("Spielplatz erneuern", "Die Geräte sind alt und teilweise gesperrt. Die Kinder brauchen neue Spielgeräte."),
        ("Bolzplatz mit Toren", "Jugendliche hätten gerne einen Platz zum Kicken mit richtigen Toren."),
        ("Sitzbänke am Weiher", "Am Wasser gibt es kaum Bänke zum Ausruhen."),
        ("Calisthenics-Anlage", "Eine Trainingsanlage im Freien würde viele Menschen bewegen."),
    ],
    "sauberkeit": [
        ("Mehr Mülleimer am Weg", "Am Wochenende liegt hier viel Müll, weil die Eimer überquellen."),
        ("Glascontainer versetzen", "Die Container stehen direkt an Wohnhäusern und sind sehr laut."),
        ("Hundekotbeutel-Spender", "Ein Spender mit Beuteln würde den Weg sauberer halten."),
    ],
    "sicherheit": [
        ("Bessere Beleuchtung im Durchgang", "Abends ist der Durchgang sehr dunkel und ich fühle mich unsicher."),
        ("Hecke zurückschneiden", "Die hohe Hecke macht den Weg unübersichtlich, besonders nachts."),
        ("Unterführung heller gestalten", "Die Unterführung wirkt bedrohlich. Helle Farben und Licht würden helfen."),
    ],
    "barrierefreiheit": [
        ("Rampe am Eingang", "Mit Rollstuhl oder Kinderwagen kommt man hier nur über Stufen hinein."),
        ("Taktile Leitstreifen an der Haltestelle", "Blinde Menschen finden den Einstieg nur schwer."),
        ("Gehweg verbreitern", "Mit Rollator ist der Gehweg wegen der Mülltonnen kaum passierbar."),
    ],
    "sonstiges": [
        ("Öffentliche Toilette", "In der Nähe gibt es keine öffentliche Toilette."),
        ("Bücherschrank aufstellen", "Ein offener Bücherschrank wäre ein schöner Treffpunkt für die Nachbarschaft."),
        ("WLAN am Platz", "Freies WLAN würde den Platz für junge Leute attraktiver machen."),
    ],
}
ANSWERS = {
    Idea.Status.REVIEW: "Vielen Dank für Ihre Idee. Das zuständige Referat prüft den Vorschlag.",
    Idea.Status.ACCEPTED: "Die Stadt setzt den Vorschlag im kommenden Haushaltsjahr um.",
    Idea.Status.REJECTED: "Der Vorschlag lässt sich hier leider nicht umsetzen, weil Leitungen im Boden liegen.",
    Idea.Status.DONE: "Der Vorschlag ist umgesetzt. Vielen Dank für Ihre Beteiligung!",
}
DEMO_NAMES = ["Anna K.", "Mehmet", "Julia aus Morlautern", "", "Thomas W.", "Sabine", "", "Lukas", "Fatma", "Peter"]
COMMENTS = [
    "Gute Idee, unterstütze ich!",
    "Das sehe ich genauso.",
    "Wäre schön, wenn das schnell umgesetzt wird.",
    "Hier wäre auch eine zweite Lösung denkbar.",
    "Ich wohne in der Nähe und finde das wichtig.",
]

# Points drawn by PostGIS: population-weighted per Stadtteil (rounded up, then cut to the total after
# shuffling), plus inside the areas of demo projects.
POINTS_SQL = """
WITH w AS (
    SELECT id, geom, greatest(1, ceil(%(free)s * coalesce(population, 1)::float
                                      / sum(coalesce(population, 1)) OVER ()))::int AS n
    FROM geo_stadtteil
), free AS (
    SELECT w.id AS stadtteil_id, NULL::bigint AS project_id,
           (ST_Dump(ST_GeneratePoints(w.geom, w.n, %(seed)s))).geom AS p
    FROM w
), areas AS (
    SELECT p.id, ST_Intersection(ST_CollectionExtract(p.area, 3), (SELECT ST_Union(geom) FROM geo_stadtteil)) AS a
    FROM layers_project p WHERE p.is_demo AND p.area IS NOT NULL AND ST_Dimension(p.area) = 2
), in_projects AS (
    SELECT NULL::bigint AS stadtteil_id, areas.id AS project_id,
           (ST_Dump(ST_GeneratePoints(areas.a, %(per_project)s, %(seed)s))).geom AS p
    FROM areas WHERE NOT ST_IsEmpty(areas.a)
)
SELECT stadtteil_id, project_id, ST_X(p), ST_Y(p) FROM free
UNION ALL
SELECT {stadtteil}, i.project_id, ST_X(i.p), ST_Y(i.p) FROM in_projects i
""".format(stadtteil=STADTTEIL_OF_SQL.format(geom="i.p"))  # noqa: S608 (constant SQL)


def add_arguments(parser) -> None:
    parser.add_argument("--ideas", type=int, default=DEFAULT_IDEAS, help="Anzahl der Demo-Ideen (Standard 300)")


def _demo_users() -> list[User]:
    users = []
    for n, name in enumerate(DEMO_NAMES):
        user, _ = User.objects.get_or_create(
            username=f"demo-buerger-{n}",
            defaults={"display_name": name, "email": f"demo-buerger-{n}@example.org", "password": make_password(None)},
        )
        users.append(user)
    return users


def _points(total: int, *, rnd: random.Random) -> list[tuple]:
    with connection.cursor() as cursor:
        # Only areas take ideas: a cycle network drawn as lines has no inside to put points in.
        cursor.execute("SELECT count(*) FROM layers_project WHERE is_demo AND ST_Dimension(area) = 2")
        projects = cursor.fetchone()[0]
        per_project = int(total * PROJECT_SHARE / projects) if projects else 0
        cursor.execute(POINTS_SQL, {"free": total - per_project * projects, "per_project": per_project, "seed": 7})
        rows = cursor.fetchall()
    rnd.shuffle(rows)
    return rows[:total]


def seed(options: dict) -> str:
    total = options.get("ideas", DEFAULT_IDEAS)
    demo = Idea.objects.filter(is_demo=True)
    if demo.count() == total:
        return f"{total} Demo-Ideen sind schon da."
    demo.delete()
    rnd = random.Random(2026)  # noqa: S311 (demo content, repeatable on purpose)
    categories = {c.slug: c for c in Category.objects.all()}
    users = _demo_users()
    projects = {p.pk: p for p in Project.objects.filter(is_demo=True)}
    now = timezone.now()
    ideas = []
    for stadtteil_id, project_id, lon, lat in _points(total, rnd=rnd):
        slug = rnd.choice(list(TEXTS))
        title, description = rnd.choice(TEXTS[slug])
        created = now - timedelta(days=rnd.uniform(0, 240))
        pending = rnd.random() < PENDING_SHARE
        status = Idea.Status.SUBMITTED if pending else rnd.choices(list(Idea.Status), [50, 20, 12, 8, 10])[0]
        project = projects.get(project_id)
        ideas.append(
            Idea(
                title=title,
                description=description,
                category=categories[slug],
                author=rnd.choice(users),
                location=Point(lon, lat, srid=WGS84),
                stadtteil_id=stadtteil_id,
                project=project,
                status=status,
                official_answer=ANSWERS.get(status, ""),
                answered_at=min(now, created + timedelta(days=14)) if status in ANSWERS else None,
                visibility=Idea.Visibility.PENDING if pending else Idea.Visibility.PUBLISHED,
                is_demo=True,
                created_at=created,
                published_at=None if pending else min(now, created + timedelta(days=1)),
            )
        )
    ideas = Idea.objects.bulk_create(ideas, batch_size=5000)
    official = User.objects.filter(is_superuser=True).first() or users[0]
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                idea=i, status=i.status, answer=i.official_answer, changed_by=official, created_at=i.answered_at
            )
            for i in ideas
            if i.answered_at
        ],
        batch_size=5000,
    )
    _participation(sorted(ideas, key=lambda i: i.created_at)[-SUPPORTED_IDEAS:], users, rnd)
    cells_rebuild()
    return f"{len(ideas)} Demo-Ideen angelegt."


def _participation(ideas: list[Idea], users: list[User], rnd: random.Random) -> None:
    supports, comments = [], []
    now = timezone.now()
    for idea in ideas:
        if idea.visibility != Idea.Visibility.PUBLISHED:
            continue
        supporters = rnd.sample(users, rnd.randint(0, len(users)))
        supports += [Support(idea=idea, user=u) for u in supporters]
        idea.support_count = len(supporters)
        for _ in range(rnd.choice([0, 0, 1, 2])):
            comments.append(
                Comment(
                    idea=idea,
                    author=rnd.choice(users),
                    text=rnd.choice(COMMENTS),
                    is_demo=True,
                    # Never after now: a demo comment dated in the future is not believable.
                    created_at=min(now, idea.created_at + timedelta(days=rnd.uniform(1, 10))),
                )
            )
            idea.comment_count += 1
    Support.objects.bulk_create(supports, batch_size=5000)
    Comment.objects.bulk_create(comments, batch_size=5000)
    Idea.objects.bulk_update(ideas, ["support_count", "comment_count"], batch_size=5000)
