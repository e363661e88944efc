"""A generated labelled set of idea texts with their category (bench and tests; docs/overview.md)."""

import random

# A small generator of labelled German idea texts: per category several openings, objects, problems and
# wishes, combined at random, with places, filler sentences shared by all categories and typos, so the
# classifier must find the category's words among words every category uses.
_GENERATED = {
    "verkehr": (
        ["die Kreuzung", "die Ampel", "der Zebrastreifen", "die Hauptstraße", "die Parkplätze", "die Bushaltestelle"],
        [
            "Autos fahren hier viel zu schnell",
            "der Stau am Morgen ist lang",
            "Falschparker blockieren die Fahrbahn",
            "die Ampelphase für Fußgänger ist zu kurz",
            "Lkw rasen durch das Wohngebiet",
            "der Bus kommt zu selten",
        ],
        [
            "Tempo 30 einführen",
            "einen Blitzer aufstellen",
            "die Ampelschaltung ändern",
            "mehr Busse im Takt fahren lassen",
            "eine Verkehrsinsel bauen",
            "Parken besser kontrollieren",
        ],
    ),
    "radverkehr": (
        ["der Radweg", "die Fahrradstraße", "die Radspur", "die Fahrradbügel", "der Radschnellweg"],
        [
            "der Radweg endet plötzlich",
            "Radfahrer müssen auf die Fahrbahn ausweichen",
            "es gibt keine Abstellmöglichkeit für Fahrräder",
            "der Radweg ist voller Schlaglöcher",
            "Autos parken auf dem Radstreifen",
        ],
        [
            "einen geschützten Radweg bauen",
            "Fahrradständer aufstellen",
            "die Radspur farbig markieren",
            "eine Fahrradstraße ausweisen",
            "den Radweg verbreitern",
        ],
    ),
    "gruen": (
        ["die Bäume", "der Park", "die Grünfläche", "die Blumenwiese", "das Ufer der Lauter"],
        [
            "im Sommer ist es hier heiß und ohne Schatten",
            "die Bäume vertrocknen",
            "die Wiese wurde versiegelt",
            "es gibt kaum Grün",
            "Insekten finden keine Blüten mehr",
        ],
        [
            "mehr Bäume pflanzen",
            "eine Blühwiese anlegen",
            "Beete begrünen",
            "die Fläche entsiegeln",
            "Bäume im Sommer gießen",
        ],
    ),
    "spielen": (
        ["der Spielplatz", "der Bolzplatz", "die Skateanlage", "das Klettergerüst", "die Sandkiste"],
        [
            "die Schaukel ist kaputt",
            "für Jugendliche gibt es keinen Treffpunkt",
            "die Rutsche ist gesperrt",
            "Kinder haben keinen Platz zum Toben",
            "das Spielgerät ist veraltet",
        ],
        [
            "neue Spielgeräte aufstellen",
            "einen Bolzplatz mit Toren bauen",
            "eine Tischtennisplatte aufstellen",
            "den Spielplatz erneuern",
            "eine Skateanlage für Jugendliche bauen",
        ],
    ),
    "sauberkeit": (
        ["die Mülleimer", "der Glascontainer", "die Unterführung", "der Gehweg", "die Grünanlage am Bahnhof"],
        [
            "überall liegt Müll herum",
            "die Mülleimer quellen über",
            "Hundekot liegt auf dem Gehweg",
            "Sperrmüll wird illegal abgeladen",
            "die Wände sind beschmiert",
        ],
        [
            "mehr Mülleimer aufstellen",
            "öfter reinigen lassen",
            "Hundekotbeutel anbieten",
            "den wilden Müll abholen",
            "Graffiti entfernen",
        ],
    ),
    "sicherheit": (
        ["die Unterführung", "der Weg durch den Park", "die dunkle Ecke am Bahnhof", "der Parkplatz hinter dem Markt"],
        [
            "nachts fühle ich mich hier unsicher",
            "die Beleuchtung fällt ständig aus",
            "es ist abends stockdunkel",
            "hier wird gedealt",
            "Frauen meiden den Weg im Dunkeln",
        ],
        [
            "hellere Laternen aufstellen",
            "die Beleuchtung reparieren",
            "mehr Streifen vom Ordnungsamt",
            "die Büsche zurückschneiden, damit man den Weg einsehen kann",
            "einen Notrufknopf anbringen",
        ],
    ),
    "barrierefreiheit": (
        ["der Bordstein", "der Eingang zum Rathaus", "die Haltestelle", "die Treppe am Bahnhof", "der Aufzug"],
        [
            "mit dem Rollstuhl komme ich nicht weiter",
            "der Aufzug ist oft defekt",
            "es fehlt ein Blindenleitsystem",
            "mit dem Rollator ist die Stufe zu hoch",
            "Kinderwagen passen nicht durch",
        ],
        [
            "den Bordstein absenken",
            "eine Rampe bauen",
            "taktile Leitstreifen verlegen",
            "den Aufzug reparieren",
            "die Haltestelle barrierefrei umbauen",
        ],
    ),
}
_OPENINGS = [
    "Mir ist aufgefallen, dass",
    "Seit Monaten ärgert mich, dass",
    "Schade, dass",
    "Ich finde, dass",
    "Leider ist es so, dass",
    "Wir Anwohner merken, dass",
]
_WISHES = [
    "Bitte {w}.",
    "Mein Vorschlag: {w}.",
    "Die Stadt sollte {w}.",
    "Es wäre toll, {w}.",
    "Könnte man {w}?",
    "Dringend {w}!",
]
_FILLERS = [
    "Danke für die Mühe.",
    "Das betrifft viele Leute im Viertel.",
    "Ich wohne seit Jahren hier.",
    "Das wurde schon oft gemeldet.",
    "Hoffentlich passiert bald etwas.",
    "",
]
_PLACES = [
    "in der Innenstadt",
    "am Betzenberg",
    "in Hohenecken",
    "in der Weststadt",
    "am Kaiserberg",
    "in Erfenbach",
    "an der Mannheimer Straße",
    "beim Pfaffgelände",
    "in Morlautern",
]


def typo(rng: random.Random, text: str) -> str:
    """Three texts in ten with two letters swapped (the generated sets of ideas and of statements)."""
    if rng.random() < 0.3 and len(text) > 10:
        i = rng.randrange(len(text) - 1)
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


# Objects that belong to no one category: a Gehweg is about parking, litter, kerbs or cycling; a park about
# trees, play, litter or safety. Drawn for 40 % of the texts, so a text's object often points elsewhere.
_SHARED_OBJECTS = {
    "verkehr": ["der Gehweg", "die Haltestelle", "der Schulweg", "der Radweg"],
    "radverkehr": ["die Hauptstraße", "der Gehweg", "die Kreuzung", "der Park"],
    "gruen": ["der Spielplatz", "der Weg durch den Park", "der Gehweg", "die Hauptstraße"],
    "spielen": ["der Park", "die Grünfläche", "der Schulweg"],
    "sauberkeit": ["der Park", "der Spielplatz", "die Haltestelle", "der Radweg"],
    "sicherheit": ["die Kreuzung", "der Schulweg", "der Radweg", "der Spielplatz"],
    "barrierefreiheit": ["der Gehweg", "die Kreuzung", "die Bushaltestelle", "der Park"],
}


# Problems any category's writer might name: the category is then only in the object or the wish.
_SHARED_PROBLEMS = [
    "es ist gefährlich, besonders für Kinder",
    "ältere Menschen haben hier große Probleme",
    "das sieht schon lange schlimm aus",
    "niemand fühlt sich zuständig",
    "es wird jedes Jahr schlimmer",
    "abends ist hier kaum etwas zu erkennen",
    "im Winter ist es hier besonders schlimm",
]


def generate(per_category: int = 200, *, seed: int = 7) -> tuple[list[str], list[str]]:
    """German idea texts (title and description) with their category slug, varied in wording.

    Made hard on purpose, as real ideas are (docs/overview.md): objects shared between categories (40 %),
    problems any category might name (30 %); half
    of the texts also name a problem of another category, and one in ten leads with it (the category is
    only in the wish); one in five is a title and a wish only; and 5 % carry the other category named in
    the text as their label (two moderators would not agree on those either).
    """
    rng = random.Random(seed)  # noqa: S311 - test data, reproducible by design
    texts, labels = [], []
    for slug, (objects, problems, wishes) in _GENERATED.items():
        for _i in range(per_category):
            own = objects if rng.random() < 0.6 else _SHARED_OBJECTS[slug]
            thing, problem, wish = rng.choice(own), rng.choice(problems), rng.choice(wishes)
            if rng.random() < 0.3:
                problem = rng.choice(_SHARED_PROBLEMS)
            place = rng.choice(_PLACES)
            title = f"{thing[0].upper()}{thing[1:]} {place}"
            other_slug = rng.choice([s for s in _GENERATED if s != slug])
            other = _GENERATED[other_slug]
            label = slug
            if rng.random() < 0.2:  # a title and a wish, nothing more
                body = f"{rng.choice(_WISHES).format(w=wish)}"
            elif rng.random() < 0.1:  # leads with another field's problem; the category is only in the wish
                body = (
                    f"{rng.choice(_OPENINGS)} {rng.choice(other[1])} ({thing} {place}). "
                    f"{rng.choice(_WISHES).format(w=wish)} {rng.choice(_FILLERS)}"
                )
            else:
                body = (
                    f"{rng.choice(_OPENINGS)} {problem} ({thing} {place}). "
                    f"{rng.choice(_WISHES).format(w=wish)} {rng.choice(_FILLERS)}"
                )
                if rng.random() < 0.5:  # ideas touch other fields too: a sentence from another category
                    body += f" Außerdem: {rng.choice(other[1])}."
                    if rng.random() < 0.1:
                        label = other_slug  # the moderator filed it under the other field
            texts.append(typo(rng, f"{title}\n{body}"))
            labels.append(label)
    return texts, labels
