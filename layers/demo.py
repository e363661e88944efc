"""Demo planning projects on the real gazetteer and districts (registered as the "projects" seeder)."""

from datetime import timedelta

from django.contrib.gis.geos import GEOSGeometry, MultiLineString, MultiPoint, Point
from django.utils import timezone

from geo.models import Place, Stadtteil
from geo.spatial import UTM32, WGS84
from layers import services
from layers.models import Phase, Project

CYCLE_MAIN = ["Pariser Straße", "Mannheimer Straße", "Eisenbahnstraße", "Lauterstraße", "Fackelstraße"]
CYCLE_EXTRA = ["Trippstadter Straße", "Kaiserstraße", "Rudolf-Breitscheid-Straße", "Logenstraße", "Merkurstraße"]
TREES = ["Linde", "Ahorn", "Platane"]
PLAYGROUND_AGES = ["0–6 Jahre", "6–12 Jahre", "alle Altersgruppen"]

# Summaries in Leichte Sprache (shown behind the "Leichte Sprache" switch); they pass pages.leichte_sprache.check.
EASY_CYCLE = """Die Stadt plant neue Rad·wege.
Die Rad·wege verbinden die Innen·stadt mit den Stadt·teilen.
Auf den Rad·wegen sollen Sie sicher fahren.

Sie kennen eine gefährliche Stelle für Rad·fahrer?
Dann zeigen Sie uns die Stelle auf der Karte.
Sie können auch eine Idee schreiben.

Das ist ein Beispiel für die Demo."""
EASY_SQUARE = """Der Stifts·platz ist ein Platz in der Innen·stadt.
Die Stadt will den Platz schöner machen.
Es soll mehr Bäume geben.
Es soll mehr Schatten geben.
Und es soll mehr Bänke zum Sitzen geben.

Viele Menschen haben dazu Ideen geschickt.
Die Stadt prüft jetzt alle Ideen.

Das ist ein Beispiel für die Demo."""
EASY_PLAYGROUNDS = """Die Stadt will neue Spiel·plätze bauen.
Und die Stadt will alte Spiel·plätze erneuern.
Das soll in allen 18 Stadt·teilen passieren.

In 2 Wochen können Sie mitmachen.
Dann sagen Sie uns: Wo fehlt ein Spiel·platz?

Das ist ein Beispiel für die Demo."""


def _street(name: str) -> MultiLineString | None:
    place = Place.objects.filter(kind=Place.Kind.STREET, name=name, line__isnull=False).first()
    return place.line if place else None


def _buffer(geom: GEOSGeometry, metres: float) -> GEOSGeometry:
    """A buffer in metres (EPSG:25832), returned in WGS84."""
    buffered = geom.transform(UTM32, clone=True).buffer(metres)
    buffered.transform(WGS84)
    return buffered


def _phases(project: Project, plan: list[tuple[str, int, int | None, str]]) -> None:
    today = timezone.localdate()
    project.phases.all().delete()  # dates follow today on every run
    for kind, start, end, text in plan:
        services.phase_create(
            project=project,
            kind=kind,
            starts_on=today + timedelta(days=start),
            ends_on=None if end is None else today + timedelta(days=end),
            description=text,
        )


def _project(slug: str, **fields) -> tuple[Project, bool]:
    project = Project.objects.filter(slug=slug).first()
    if project is not None:
        data = {k: fields[k] for k in ("ideas_open_from", "ideas_open_until", "summary_easy") if k in fields}
        return services.project_update(project=project, data=data), False
    return services.project_create(slug=slug, is_demo=True, **fields), True


def _cycle_network(now) -> Project:
    project, created = _project(
        "demo-radverkehrsnetz",
        title="Radverkehrsnetz 2030",
        summary="Ein zusammenhängendes Netz sicherer Radwege zwischen Innenstadt und Stadtteilen (Demo).",
        summary_easy=EASY_CYCLE,
        topic=Project.Topic.VERKEHR,
        body="## Worum es geht\n\nDie Stadt plant **Hauptrouten** für den Radverkehr entlang wichtiger Straßen. "
        "Sagen Sie uns, wo Lücken sind.\n\n* breitere Radwege\n* sichere Kreuzungen\n* Abstellanlagen",
        office="Referat Stadtentwicklung, Abteilung Verkehrsplanung",
        contact_name="Demo-Ansprechperson",
        contact_email="verkehrsplanung@example.org",
        ideas_open_from=now - timedelta(days=10),
        ideas_open_until=now + timedelta(days=30),
        moderation=Project.Moderation.POST,
    )
    if created:
        main = [(n, g) for n in CYCLE_MAIN if (g := _street(n))]
        extra = [(n, g) for n in CYCLE_EXTRA if (g := _street(n))]
        routes = services.layer_create(project=project, name="Hauptrouten", stroke_color="#b34700", stroke_width=5)
        services.layer_add_features(
            layer=routes,
            geometries=[g for _n, g in main],
            attributes=[
                {"strasse": n, "massnahme": "Radfahrstreifen", "laenge_m": round(g.transform(UTM32, clone=True).length)}
                for n, g in main
            ],
        )  # fmt: skip
        more = services.layer_create(
            project=project, name="Ergänzungsrouten", stroke_color="#f08c00", stroke_width=3, visible_by_default=False
        )
        services.layer_add_features(
            layer=more, geometries=[g for _n, g in extra],
            attributes=[{"strasse": n, "massnahme": "Schutzstreifen"} for n, _g in extra],
        )  # fmt: skip
        lines = [line for _n, g in main + extra for line in g]
        if lines:
            services.project_update(project=project, data={"area": MultiLineString(lines, srid=WGS84)})
    _phases(project, [
        (Phase.Kind.INFORMATION, -60, -11, "Vorstellung des Netzentwurfs."),
        (Phase.Kind.BETEILIGUNG, -10, 30, "Hinweise und Ideen auf der Karte sammeln."),
        (Phase.Kind.AUSWERTUNG, 31, 90, "Die Verwaltung prüft alle Beiträge."),
        (Phase.Kind.UMSETZUNG, 91, None, "Bau der ersten Routen."),
    ])  # fmt: skip
    return project


def _square(now) -> Project:
    stift = (
        Place.objects.filter(name="Stiftsplatz", category="marketplace").first()
        or Place.objects.filter(name="Stiftsplatz").first()
    )
    centre = stift.location if stift else Point(7.7686, 49.4440, srid=WGS84)
    area = _buffer(centre, 70)
    project, created = _project(
        "demo-stiftsplatz",
        title="Neugestaltung des Stiftsplatzes",
        summary="Mehr Grün, Schatten und Sitzplätze: der Stiftsplatz in der Innenstadt wird neu gestaltet (Demo).",
        summary_easy=EASY_SQUARE,
        topic=Project.Topic.STADTPLANUNG,
        body="Der **Stiftsplatz** soll ein Ort zum Verweilen werden. Die Ideen aus der Beteiligung werden "
        "derzeit ausgewertet.",
        office="Referat Stadtplanung",
        contact_email="stadtplanung@example.org",
        area=area,
        ideas_open_from=now - timedelta(days=70),
        ideas_open_until=now - timedelta(days=14),
    )
    if created:
        plan = services.layer_create(project=project, name="Planungsbereich", fill_color="#4a90d9", opacity=0.2)
        services.layer_add_features(
            layer=plan, geometries=[area], attributes=[{"flaeche": "Stiftsplatz", "status": "Entwurf"}]
        )
        trees = services.layer_create(
            project=project, name="Neue Bäume", stroke_color="#1b5e20", fill_color="#43a047", point_symbol="circle"
        )
        ring = _buffer(centre, 45).exterior_ring  # trees on a circle around the centre of the square
        points = [Point(ring[i], srid=WGS84) for i in range(0, len(ring) - 1, max(1, len(ring) // 8))]
        services.layer_add_features(
            layer=trees, geometries=points,
            attributes=[{"baumart": TREES[i % 3], "pflanzjahr": 2027} for i in range(len(points))],
        )  # fmt: skip
    _phases(project, [
        (Phase.Kind.INFORMATION, -100, -71, ""),
        (Phase.Kind.BETEILIGUNG, -70, -14, "Ideen für den Platz."),
        (Phase.Kind.AUSWERTUNG, -13, 45, "Die Ideen fließen in den Entwurf ein."),
        (Phase.Kind.UMSETZUNG, 46, None, ""),
    ])  # fmt: skip
    return project


def _playgrounds(now) -> Project:
    stadtteile = list(Stadtteil.objects.order_by("number"))
    points = [s.label_point for s in stadtteile]
    project, created = _project(
        "demo-spielplatzkonzept",
        title="Spielplatzkonzept 2030",
        summary="Wo fehlen Spielplätze? Ein Konzept für alle 18 Stadtteile (Demo).",
        summary_easy=EASY_PLAYGROUNDS,
        topic=Project.Topic.FREIZEIT,
        body="Das Konzept zeigt je Stadtteil, wie viele Spielplätze erneuert oder neu gebaut werden sollen.",
        office="Referat Jugend und Sport",
        area=MultiPoint(points, srid=WGS84) if points else None,
        ideas_open_from=now + timedelta(days=14),
        ideas_open_until=now + timedelta(days=60),
    )
    if created and points:
        layer = services.layer_create(
            project=project,
            name="Geplante Spielplätze",
            stroke_color="#7b1fa2",
            fill_color="#ba68c8",
            point_symbol="square",
        )
        services.layer_add_features(
            layer=layer, geometries=points,
            attributes=[{"stadtteil": s.name, "neu": s.number % 3, "erneuert": 1 + s.number % 2,
                         "altersgruppe": PLAYGROUND_AGES[s.number % 3]} for s in stadtteile],
        )  # fmt: skip
    _phases(project, [
        (Phase.Kind.INFORMATION, -5, 13, "Vorstellung des Konzepts."),
        (Phase.Kind.BETEILIGUNG, 14, 60, "Hinweise zu Spielplätzen in Ihrem Stadtteil."),
    ])  # fmt: skip
    return project


def seed(options: dict) -> str:
    now = timezone.now()
    projects = [_cycle_network(now), _square(now), _playgrounds(now)]
    return f"{len(projects)} Demo-Vorhaben ({', '.join(p.title for p in projects)})"
