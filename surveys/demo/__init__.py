"""Demo surveys mirroring how the city uses its platform: map surveys of "Angsträume" and "Hitzeorte", and a
poll, with a few thousand generated responses (see surveys.demo.generate)."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from layers.models import Project
from surveys.demo.generate import Spec, demo_question, demo_survey, generate_responses
from surveys.models import Question, Survey

DEMO_NOTE = "Demo-Inhalt: Diese Umfrage und ihre Antworten sind erfunden."

# Introductions in Leichte Sprache (behind the "Leichte Sprache" switch); they pass pages.leichte_sprache.check.
EASY_DEMO = "Das ist ein Beispiel für die Demo.\nDie Antworten sind erfunden."
EASY_ANGST = (
    """An manchen Orten fühlen sich Menschen unsicher.
Zum Beispiel in einer dunklen Unter·führung.
Die Stadt wollte wissen: Wo sind solche Orte in Kaiserslautern?
Viele Menschen haben die Orte auf der Karte gezeigt.

Die Umfrage ist jetzt vorbei.
Sie können die Ergebnisse ansehen.
Mit den Ergebnissen plant die Stadt mehr Licht und bessere Wege.

"""
    + EASY_DEMO
)
EASY_HEAT = (
    """Im Sommer ist es an manchen Orten sehr heiß.
Welche Orte in Kaiserslautern sind Ihnen zu heiß?
Zeigen Sie uns die Orte auf der Karte.
Sagen Sie uns auch: Was hilft dort gegen die Hitze?
Zum Beispiel Bäume oder ein Trink·brunnen.

Alle können mitmachen.
Mit Ihren Antworten plant die Stadt mehr Schatten und Wasser.

"""
    + EASY_DEMO
)
EASY_POLL = (
    """Die Stadt will den Stifts·platz neu machen.
Sollen dort mehr Bäume wachsen?
Stimmen Sie ab: ja, nein oder egal.
Alle können mitmachen.

"""
    + EASY_DEMO
)
EASY_SHOPS = (
    """In dieser Umfrage geht es um das Einkaufen.
Die Frage war: Wie gut kommen Sie zum nächsten Geschäft?
Zum Beispiel zum Super·markt, zur Bäckerei oder zur Apotheke.

Die Umfrage ist jetzt vorbei.
Sie können die Ergebnisse ansehen.

"""
    + EASY_DEMO
)


def seed_demo_surveys(options: dict) -> str:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    # The Stiftsplatz poll belongs to the Stiftsplatz project; the Hitzeorte map is city-wide (no project).
    stiftsplatz = Project.objects.filter(slug="demo-stiftsplatz").first()
    made = []

    angst = demo_survey(
        "demo-angstraeume",
        title="Angsträume in Kaiserslautern",
        introduction="Wo fühlen Sie sich in Kaiserslautern unsicher? Markieren Sie den Ort auf der Karte. "
        "Die Ergebnisse helfen bei der Planung von Beleuchtung, Wegen und Plätzen.\n\n" + DEMO_NOTE,
        introduction_easy=EASY_ANGST,
        opens_at=now - timedelta(days=70),
        closes_at=now - timedelta(days=10),
        access=Survey.Access.ANONYMOUS,
        results_public=True,
        district_sources=["map", "profile", "question"],
    )
    where = demo_question(
        angst,
        1,
        Question.Kind.POINT,
        "Wo fühlen Sie sich unsicher?",
        help_text="Klicken Sie auf die Karte oder suchen Sie eine Adresse.",
    )
    when = demo_question(
        angst, 2, Question.Kind.SINGLE, "Wann fühlen Sie sich dort unsicher?", ["nachts", "abends", "tagsüber", "immer"]
    )
    avoid = demo_question(angst, 3, Question.Kind.SINGLE, "Meiden Sie diesen Ort deshalb?", ["ja", "nein"])
    why = demo_question(
        angst,
        4,
        Question.Kind.MULTIPLE,
        "Was macht den Ort unsicher?",
        ["schlechte Beleuchtung", "wenig Menschen", "unübersichtlich", "Verschmutzung", "Verkehr"],
        allow_other=True,
    )
    how = demo_question(
        angst,
        5,
        Question.Kind.SCALE,
        "Wie unsicher fühlen Sie sich dort?",
        scale_min_label="etwas",
        scale_max_label="sehr",
    )
    helps = demo_question(angst, 6, Question.Kind.TEXT, "Was würde dort helfen?", required=False)
    made.append(
        generate_responses(
            angst,
            total=2400,
            where=where,
            hotspot_share=0.4,
            seed=0.1,
            hotspots=[
                "Kaiserslautern Hauptbahnhof",
                "Stiftsplatz",
                "Schillerplatz",
                "Messeplatz",
                "Stadtpark",
                "Westbahnhof",
                "Volkspark",
            ],
            specs=[
                Spec(when, weights=[5, 3, 1, 1]),
                Spec(avoid, weights=[4, 5], tilt=0.25),
                Spec(why, rates=[0.6, 0.45, 0.3, 0.25, 0.15]),
                Spec(how, weights=[1, 2, 4, 3, 2]),
                Spec(
                    helps,
                    answered=0.15,
                    texts=[
                        "Mehr Licht",
                        "Bessere Beleuchtung am Abend",
                        "Mehr Leben auf dem Platz",
                        "Hecken zurückschneiden",
                        "Sichtachsen öffnen",
                        "Notrufsäule",
                    ],
                ),
            ],
        )
    )

    heat = demo_survey(
        "demo-hitzeorte",
        title="Hitzeorte: Wo wird es im Sommer zu heiß?",
        introduction="Zeigen Sie uns die Orte, an denen es im Sommer zu heiß wird, und was dort helfen würde. "
        "Die Antworten fließen in den Hitzeaktionsplan ein.\n\n" + DEMO_NOTE,
        introduction_easy=EASY_HEAT,
        opens_at=now - timedelta(days=21),
        closes_at=now + timedelta(days=30),
        access=Survey.Access.ANONYMOUS,
        results_public=True,
        project=None,
    )
    hot = demo_question(heat, 1, Question.Kind.POINT, "Wo wird es Ihnen im Sommer zu heiß?")
    remedy = demo_question(
        heat,
        2,
        Question.Kind.SINGLE,
        "Was würde dort am meisten helfen?",
        ["Bäume und Schatten", "Trinkbrunnen", "Wasserspiele", "Sonnensegel"],
    )
    minutes = demo_question(
        heat,
        3,
        Question.Kind.NUMBER,
        "Wie viele Minuten sind Sie an heißen Tagen dort?",
        number_min=0,
        number_max=600,
        required=False,
    )
    made.append(
        generate_responses(
            heat,
            total=1500,
            where=hot,
            hotspot_share=0.5,
            seed=0.2,
            hotspots=["Stiftsplatz", "Schillerplatz", "Messeplatz", "Rathaus Kaiserslautern", "Fackelbrunnen"],
            specs=[Spec(remedy, weights=[6, 2, 2, 1]), Spec(minutes, low=5, high=120, answered=0.7)],
        )
    )

    poll = demo_survey(
        "demo-abstimmung-stiftsplatz",
        title="Abstimmung: Mehr Bäume auf dem Stiftsplatz?",
        introduction=DEMO_NOTE,
        introduction_easy=EASY_POLL,
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=25),
        access=Survey.Access.ANONYMOUS,
        is_poll=True,
        project=stiftsplatz,
        district_sources=["profile", "question"],
    )
    vote = demo_question(
        poll, 1, Question.Kind.SINGLE, "Sollen auf dem Stiftsplatz mehr Bäume gepflanzt werden?", ["ja", "nein", "egal"]
    )
    made.append(generate_responses(poll, total=420, where=None, specs=[Spec(vote, weights=[6, 2, 1])], seed=0.3))
    _draw_home_stadtteile(poll)

    # Closed and public, with few respondents: the small outer Stadtteile fall under the minimum group, so the
    # results page shows withheld rows ("< 6") next to perturbed ones (docs/privacy.md).
    shops = demo_survey(
        "demo-nahversorgung",
        title="Nahversorgung in Ihrem Stadtteil",
        introduction="Wie gut erreichen Sie Geschäfte für den täglichen Bedarf?\n\n" + DEMO_NOTE,
        introduction_easy=EASY_SHOPS,
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=3),
        access=Survey.Access.ANONYMOUS,
        results_public=True,
        district_sources=["profile", "question"],
    )
    reach = demo_question(
        shops, 1, Question.Kind.SINGLE, "Wie erreichen Sie meist den nächsten Supermarkt?",
        ["zu Fuß", "mit dem Rad", "mit Bus", "mit dem Auto"],
    )  # fmt: skip
    missing = demo_question(
        shops, 2, Question.Kind.MULTIPLE, "Was fehlt in Ihrer Nähe?",
        ["Bäckerei", "Supermarkt", "Apotheke", "Wochenmarkt", "Post"],
    )  # fmt: skip
    content = demo_question(shops, 3, Question.Kind.SCALE, "Wie zufrieden sind Sie mit der Nahversorgung?")
    made.append(
        generate_responses(
            shops, total=160, where=None, seed=0.4,
            specs=[
                Spec(reach, weights=[4, 2, 2, 5], tilt=0.3), Spec(missing, rates=[0.35, 0.2, 0.3, 0.5, 0.25]),
                Spec(content, weights=[1, 2, 3, 4, 2]),
            ],
        )
    )  # fmt: skip
    _draw_home_stadtteile(shops)
    return f"{len(made)} Umfragen mit {sum(made):,} Antworten".replace(",", ".")


def _draw_home_stadtteile(survey: Survey) -> None:
    """Without a map answer, respondents get a Stadtteil drawn by population, like a profile would."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE surveys_response r SET stadtteil_id = (
                -- An exponential race weighted by population; naming r.id makes the subquery run per response.
                SELECT s.id FROM geo_stadtteil s
                ORDER BY -ln(1 - random()) / greatest(s.population, 1) + 0 * r.id LIMIT 1)
            WHERE r.survey_id = %s
            """,
            [survey.pk],
        )
