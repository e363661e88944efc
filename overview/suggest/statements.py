"""A generated labelled set of formal statements (Stellungnahmen) on one Bebauungsplan, each with the topic
(Thema) and the plan feature a planner gave it (bench and tests; docs/overview.md "Suggestions").

Made hard on purpose, as the idea set is: every statement wears the same legal boilerplate; a plan feature
belongs to several topics (the Planstraße is traffic and noise) and a topic to several features; half of the
statements also raise another topic, one in ten leads with it; one in five is a demand only; the feature is
named in 40 % of the texts, described in 35 % and not mentioned at all in the rest; and 4 % carry another
topic as their label (two planners would not agree on those either).
"""

import random

from overview.suggest.ideas import typo

# topic -> (problems, demands)
TOPICS = {
    "Verkehr": (
        [
            "der zusätzliche Verkehr von mehreren hundert Wohnungen überlastet die Zufahrt",
            "schon heute staut sich der Verkehr morgens bis zur Kreuzung",
            "es sind viel zu wenige Stellplätze vorgesehen, die Autos werden in unseren Straßen parken",
            "der Schulweg der Kinder kreuzt die neue Erschließungsstraße ohne Ampel",
            "Lieferverkehr und Baustellenfahrzeuge sollen durch die enge Anliegerstraße fahren",
        ],
        [
            "eine zweite Zufahrt von Norden vorzusehen",
            "ein aktuelles Verkehrsgutachten mit Zählungen einzuholen",
            "mindestens zwei Stellplätze je Wohnung festzusetzen",
            "eine Querungshilfe am Schulweg einzuplanen",
        ],
    ),
    "Lärm": (
        [
            "der Lärm des angrenzenden Gewerbes ist schon jetzt nachts zu hören",
            "die Schallimmissionen an unserer Fassade werden die Orientierungswerte überschreiten",
            "das Schallgutachten rechnet mit veralteten Verkehrszahlen",
            "durch die Reflexion an den neuen Gebäuden wird es in unseren Gärten lauter",
            "die Anlieferung der Supermärkte in den frühen Morgenstunden ist laut",
        ],
        [
            "eine Lärmschutzwand entlang der Grenze festzusetzen",
            "das Schallgutachten neu zu rechnen",
            "passiven Schallschutz an den Fassaden vorzuschreiben",
            "die Anlieferung nachts auszuschließen",
        ],
    ),
    "Natur und Artenschutz": (
        [
            "in den alten Obstbäumen brüten Grünspecht und Steinkauz",
            "am Bahndamm leben Zauneidechsen, die im Umweltbericht fehlen",
            "über der Wiese jagen abends Fledermäuse",
            "die Hecke am Graben ist ein wichtiger Lebensraum für Brutvögel",
            "die artenschutzrechtliche Prüfung wurde nur an zwei Tagen im Winter gemacht",
        ],
        [
            "die Streuobstwiese als Ausgleichsfläche zu erhalten",
            "eine vollständige Kartierung über eine Brutperiode nachzuholen",
            "die Hecke und die alten Bäume zu erhalten",
            "Nistkästen und Ersatzquartiere vor dem Eingriff anzubringen",
        ],
    ),
    "Entwässerung und Starkregen": (
        [
            "bei Starkregen lief unser Keller schon zweimal voll",
            "das Regenwasser der versiegelten Flächen wird in unsere Grundstücke abfließen",
            "die Kanalisation ist schon heute bei Gewitter überlastet",
            "der Boden ist lehmig, eine Versickerung wie im Gutachten ist nicht möglich",
            "der Graben tritt jedes Frühjahr über die Ufer",
        ],
        [
            "ein ausreichend großes Regenrückhaltebecken vorzusehen",
            "ein Entwässerungskonzept für ein hundertjährliches Hochwasser vorzulegen",
            "Zisternen und Versickerungsmulden festzusetzen",
            "den Kanal vor Baubeginn zu vergrößern",
        ],
    ),
    "Bebauung und Ortsbild": (
        [
            "vier Vollgeschosse passen nicht zu den Einfamilienhäusern der Umgebung",
            "die Gebäude verschatten unser Grundstück im Winter den ganzen Tag",
            "die Grundflächenzahl erlaubt eine viel zu dichte Bebauung",
            "die Baugrenze rückt bis auf wenige Meter an unsere Grenze heran",
            "Flachdächer und Wohnblöcke zerstören das dörfliche Ortsbild",
        ],
        [
            "die Zahl der Vollgeschosse auf zwei zu begrenzen",
            "die Baugrenze um zehn Meter zurückzunehmen",
            "eine geringere Grundflächenzahl festzusetzen",
            "Satteldächer und eine Gestaltungssatzung vorzuschreiben",
        ],
    ),
    "Klima und Energie": (
        [
            "das Gebiet ist eine Kaltluftschneise für die Innenstadt",
            "in heißen Sommern heizen sich die versiegelten Flächen stark auf",
            "der Plan schreibt keine Solaranlagen auf den Dächern vor",
            "die Gebäude sollen noch mit Gas beheizt werden",
            "die Frischluftzufuhr für das angrenzende Quartier wird abgeschnitten",
        ],
        [
            "Photovoltaik auf allen Dächern festzusetzen",
            "Dachbegrünung und Fassadenbegrünung vorzuschreiben",
            "die Kaltluftschneise von Bebauung freizuhalten",
            "den Anschluss an das Wärmenetz vorzuschreiben",
        ],
    ),
    "Soziale Infrastruktur": (
        [
            "schon heute fehlen im Stadtteil Kita-Plätze",
            "die Grundschule hat keine freien Klassenräume mehr",
            "für die vielen neuen Familien gibt es keinen Spielplatz",
            "es gibt keinen Hausarzt und keinen Lebensmittelladen in der Nähe",
            "für Jugendliche ist kein Treffpunkt vorgesehen",
        ],
        [
            "eine Kindertagesstätte im Gebiet festzusetzen",
            "vor dem Bau der Wohnungen die Schule zu erweitern",
            "einen öffentlichen Spielplatz vorzusehen",
            "Flächen für Nahversorgung und eine Arztpraxis auszuweisen",
        ],
    ),
    "Eigentum und Wertminderung": (
        [
            "der Wert unseres Grundstücks wird durch die Bebauung erheblich sinken",
            "die geplante Zuwegung führt über mein Grundstück, dem habe ich nie zugestimmt",
            "uns wird die freie Aussicht genommen, für die wir das Haus gekauft haben",
            "für den Ausbau der Straße sollen wir Erschließungsbeiträge zahlen",
            "ein Teil meines Gartens soll als öffentliche Fläche festgesetzt werden",
        ],
        [
            "mich für die Wertminderung zu entschädigen",
            "die Zuwegung nicht über private Grundstücke zu führen",
            "auf Erschließungsbeiträge der Altanlieger zu verzichten",
            "meinen Garten aus dem Geltungsbereich herauszunehmen",
        ],
    ),
}

# feature -> (how people name it, how they describe it, topics it is mostly about)
FEATURES = {
    "WA 1": (["das Baufeld WA 1", "das allgemeine Wohngebiet WA 1"], ["die Häuser am Nordrand"],
             ["Bebauung und Ortsbild", "Eigentum und Wertminderung", "Klima und Energie"]),
    "WA 2": (["das Baufeld WA 2", "das Wohngebiet WA 2"], ["die Wohnblöcke an der Bahn"],
             ["Bebauung und Ortsbild", "Lärm", "Soziale Infrastruktur"]),
    "MI": (["das Mischgebiet MI", "die Fläche MI"], ["die Läden und Büros an der Hauptstraße"],
           ["Lärm", "Verkehr", "Soziale Infrastruktur"]),
    "Planstraße A": (["die Planstraße A", "die Erschließungsstraße A"], ["die neue Straße durch das Gebiet"],
                     ["Verkehr", "Lärm", "Eigentum und Wertminderung"]),
    "Grünfläche G1": (["die öffentliche Grünfläche G1", "die Grünfläche G1"], ["die Wiese am Graben"],
                      ["Natur und Artenschutz", "Klima und Energie", "Soziale Infrastruktur"]),
    "RRB": (["das Regenrückhaltebecken RRB", "die Fläche für die Rückhaltung"], ["das Becken am Tiefpunkt"],
            ["Entwässerung und Starkregen", "Natur und Artenschutz"]),
    "Gemeinbedarf": (["die Fläche für Gemeinbedarf", "die Gemeinbedarfsfläche Kita"], ["das Grundstück für die Kita"],
                     ["Soziale Infrastruktur", "Verkehr"]),
    "Maßnahmenfläche M1": (["die Maßnahmenfläche M1", "die Ausgleichsfläche M1"], ["die Streuobstwiese im Süden"],
                           ["Natur und Artenschutz", "Entwässerung und Starkregen", "Klima und Energie"]),
}  # fmt: skip

_OPENINGS = [
    "Hiermit erhebe ich fristgerecht Einwendungen gegen den Entwurf des Bebauungsplans.",
    "Als Anwohner nehme ich zum ausgelegten Planentwurf wie folgt Stellung.",
    "Wir wenden uns gegen die Planung in der vorliegenden Form.",
    "Zum Bebauungsplan „Pfaff-Areal Nord“ gebe ich folgende Stellungnahme ab.",
    "",
]
_CLOSINGS = [
    "Ich bitte um Berücksichtigung in der Abwägung und um eine Eingangsbestätigung.",
    "Die Abwägung wäre sonst fehlerhaft.",
    "Ich behalte mir weitere rechtliche Schritte vor.",
    "Mit freundlichen Grüßen",
    "",
]
_DEMANDS = ["Ich fordere daher, {d}.", "Die Stadt wird gebeten, {d}.", "Wir beantragen, {d}.", "Bitte prüfen Sie, {d}."]
_CONCERNING = ["Zu {f}:", "Betrifft {f}:", "Was {f} angeht:", "Zu {f} ist zu sagen:"]


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def generate(per_feature: int = 250, *, seed: int = 11) -> list[tuple[str, str, str, bool]]:
    """(text, topic, feature, whether the text names or describes the feature) for per_feature statements on
    each of the plan's eight features."""
    rng = random.Random(seed)  # noqa: S311 - test data, reproducible by design
    rows = []
    for feature, (names, descriptions, topics) in FEATURES.items():
        for _i in range(per_feature):
            # Mostly one of the feature's own topics; one in five any topic (a Kita next to a noisy road).
            topic = rng.choice(topics) if rng.random() < 0.8 else rng.choice(list(TOPICS))
            problems, demands = TOPICS[topic]
            other = rng.choice([t for t in TOPICS if t != topic])
            reference = rng.random()
            concerning = ""
            if reference < 0.4:
                concerning = rng.choice(_CONCERNING).format(f=rng.choice(names))
            elif reference < 0.75:
                concerning = rng.choice(_CONCERNING).format(f=rng.choice(descriptions))
            demand = rng.choice(_DEMANDS).format(d=rng.choice(demands))
            if rng.random() < 0.2:  # a demand, nothing more
                body = f"{concerning} {demand}"
            elif rng.random() < 0.1:  # leads with another topic; this one only in the demand
                body = f"{concerning} {_sentence(rng.choice(TOPICS[other][0]))}. {demand}"
            else:
                body = f"{concerning} {_sentence(rng.choice(problems))}. {demand}"
                if rng.random() < 0.5:
                    body += f" Außerdem: {rng.choice(TOPICS[other][0])}."
            label = other if rng.random() < 0.04 else topic
            text = f"{rng.choice(_OPENINGS)} {body} {rng.choice(_CLOSINGS)}"
            rows.append((typo(rng, " ".join(text.split())), label, feature, bool(concerning)))
    return rows
