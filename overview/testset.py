"""The labelled test sets of the overview, made here from templates with realistic personal edits.

Mass statements: a campaign writes a template (opening, paragraphs of objections, closing); each sender adds or
removes sentences, reorders paragraphs, makes typos, and signs with a name and an address. Between the
campaigns stand texts written alone, from the same vocabulary (so the groups are not told apart by topic).
Everything is drawn from a seeded random generator: the same arguments give the same set.
`python -m bench overview` measures against it; bench/data/ holds a copy written by `write_mass_statements`.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

PLACES = [
    "Pfaffgelände",
    "Stiftsplatz",
    "Schillerplatz",
    "Fackelrondell",
    "Gartenschau",
    "Betzenberg",
    "Volkspark",
    "Kaiserbrunnen",
    "Hauptbahnhof",
    "Lauterstraße",
    "Pirmasenser Straße",
    "Mannheimer Straße",
    "Eisenbahnstraße",
    "Kerststraße",
    "Marktstraße",
    "Stadtpark",
    "Messeplatz",
    "Barbarossaring",
    "Vogelwoogstraße",
    "Bännjerrück",
]
SUBJECTS = [
    "Der geplante Neubau",
    "Die vorgesehene Bebauung",
    "Das Parkhaus",
    "Die neue Erschließungsstraße",
    "Der Bebauungsplan",
    "Die Verdichtung",
    "Das Gewerbegebiet",
    "Die Umgehungsstraße",
    "Der Lärmschutzwall",
    "Die Fällung der Bäume",
    "Die Versiegelung der Fläche",
    "Die Tiefgarage",
    "Der Wegfall der Grünfläche",
    "Die Erweiterung des Einkaufszentrums",
    "Die Verlegung der Bushaltestelle",
    "Das Hochhaus",
]
EFFECTS = [
    "erhöht den Verkehrslärm in den angrenzenden Wohnstraßen erheblich",
    "zerstört wertvollen Lebensraum für Fledermäuse und Vögel",
    "verschlechtert das Kleinklima im gesamten Quartier",
    "führt zu mehr Durchgangsverkehr vor der Grundschule",
    "nimmt den Anwohnern das letzte Stück Grün in der Nähe",
    "verschattet die Gärten der bestehenden Häuser",
    "gefährdet Kinder auf dem Schulweg",
    "lässt bei Starkregen das Wasser in die Keller laufen",
    "widerspricht den Zielen des Klimaschutzkonzepts der Stadt",
    "verstärkt die Hitze in den Sommermonaten spürbar",
    "macht die Parkplatznot in der Nachbarschaft noch größer",
    "beeinträchtigt das Ortsbild auf Dauer",
    "senkt den Wert der benachbarten Grundstücke",
    "belastet die Luft mit zusätzlichem Feinstaub",
    "zerschneidet einen wichtigen Fuß- und Radweg",
    "überlastet die Kanalisation, die schon heute an ihre Grenzen kommt",
]
REASONS = [
    "weil die Verkehrsprognose von veralteten Zahlen ausgeht",
    "da ein unabhängiges Gutachten bis heute fehlt",
    "obwohl es geeignete Flächen im Bestand gibt",
    "denn die Auswirkungen auf das Grundwasser wurden nicht untersucht",
    "weil die Anwohner nicht rechtzeitig beteiligt wurden",
    "da die Frischluftschneise aus dem Pfälzerwald unterbrochen wird",
    "obwohl die Stadt den Klimanotstand ausgerufen hat",
    "weil der Artenschutz nur oberflächlich geprüft wurde",
    "da es an sicheren Querungen für Fußgänger fehlt",
    "denn die Schulen im Viertel sind bereits voll",
    "weil die Lärmwerte schon heute überschritten werden",
    "da alternative Standorte nicht ernsthaft geprüft wurden",
]
DEMANDS = [
    "Ich fordere die Stadt auf, die Planung zurückzuziehen.",
    "Ich bitte darum, ein unabhängiges Lärmgutachten einzuholen.",
    "Die Fläche muss als Grünfläche erhalten bleiben.",
    "Es braucht eine Tempo-30-Zone und sichere Radwege.",
    "Ich verlange eine erneute öffentliche Auslegung.",
    "Die Bäume müssen stehen bleiben.",
    "Bitte prüfen Sie einen Standort am Stadtrand.",
    "Ich erwarte eine Antwort auf jeden einzelnen Punkt.",
    "Die Zahl der Stellplätze ist deutlich zu verringern.",
    "Der Entwurf ist so nicht genehmigungsfähig.",
]
OPENINGS = [
    "Sehr geehrte Damen und Herren,",
    "Sehr geehrte Damen und Herren, hiermit erhebe ich Einwendungen gegen den Entwurf.",
    "Gegen die vorliegende Planung erhebe ich folgende Einwendungen.",
    "Hiermit nehme ich zum ausgelegten Planentwurf Stellung.",
]
CLOSINGS = ["Mit freundlichen Grüßen", "Freundliche Grüße", "Hochachtungsvoll", "Vielen Dank für Ihre Mühe."]
FIRST_NAMES = ["Anna", "Jonas", "Leonie", "Murat", "Sabine", "Peter", "Fatma", "Lukas", "Marie", "Thomas", "Olga"]
LAST_NAMES = ["Becker", "Schmitt", "Yilmaz", "Müller", "Klein", "Wagner", "Hoffmann", "Nowak", "Schäfer", "Weber"]
PERSONAL = [
    "Ich wohne seit {n} Jahren in der {place} und kenne die Lage genau.",
    "Meine Kinder gehen jeden Tag an der {place} zur Schule.",
    "Schon heute stehen wir morgens an der {place} im Stau.",
    "Als Anwohnerin der {place} bin ich direkt betroffen.",
    "Wir haben unser Haus an der {place} erst vor {n} Jahren gekauft.",
    "Ich gehe mit meinem Hund täglich über die {place}.",
]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} am {rng.choice(PLACES)} {rng.choice(EFFECTS)}, {rng.choice(REASONS)}."


def _paragraphs(rng: random.Random) -> list[list[str]]:
    body = [[_sentence(rng) for _ in range(rng.randint(2, 3))] for _ in range(rng.randint(2, 4))]
    body[-1].append(rng.choice(DEMANDS))
    return body


def _typo(rng: random.Random, text: str) -> str:
    positions = [i for i, c in enumerate(text) if c.isalpha()]
    if len(positions) < 2:
        return text
    i = rng.choice(positions[:-1])
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]  # swapped letters
    if kind == 1:
        return text[:i] + text[i + 1 :]  # a letter left out
    return text[:i] + text[i] + text[i:]  # a letter twice


def _signature(rng: random.Random) -> str:
    street = rng.choice(["Pirmasenser Straße", "Mannheimer Straße", "Eisenbahnstraße", "Kerststraße", "Am Harzhübel"])
    return (
        f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}\n{street} {rng.randint(1, 120)}, "
        f"676{rng.randint(50, 63)} Kaiserslautern"
    )


def _render(opening: str, body: list[list[str]], closing: str, signature: str) -> str:
    return "\n\n".join([opening, *(" ".join(p) for p in body if p), closing, signature])


def edited_copy(rng: random.Random, template: dict) -> str:
    """One sender's copy: sentences added and removed, paragraphs reordered, typos, own name and address."""
    body = [list(p) for p in template["body"]]
    for _ in range(rng.choice([0, 0, 1, 1, 2])):  # sentences removed
        paragraph = rng.choice([p for p in body if p] or [[]])
        if len(paragraph) > 1:
            paragraph.pop(rng.randrange(len(paragraph)))
    for _ in range(rng.choice([0, 1, 1, 2, 3])):  # own sentences added
        personal = rng.choice(PERSONAL).format(place=rng.choice(PLACES), n=rng.randint(2, 40))
        sentence = personal if rng.random() < 0.6 else _sentence(rng)
        paragraph = rng.choice(body)
        paragraph.insert(rng.randint(0, len(paragraph)), sentence)
    if rng.random() < 0.3:
        rng.shuffle(body)
    text = _render(
        template["opening"] if rng.random() < 0.8 else rng.choice(OPENINGS),
        body,
        rng.choice(CLOSINGS),
        _signature(rng),
    )
    for _ in range(rng.choice([0, 1, 2, 3, 5])):
        text = _typo(rng, text)
    return text


def make_template(rng: random.Random) -> dict:
    return {"opening": rng.choice(OPENINGS), "body": _paragraphs(rng)}


def on_topic_text(rng: random.Random, template: dict) -> str:
    """A hard negative: someone writing alone about the same plan as a campaign, not copying it.

    Same opening, the same subjects at the same places as the template's sentences, but the writer's own
    effects and reasons; now and then one sentence quoted from the template, and the campaign's demand.
    It shares a good part of its words and some of its shingles with the campaign, and belongs to none.
    """
    sentences = [s for p in template["body"] for s in p if s not in DEMANDS]
    own = []
    for sentence in rng.sample(sentences, min(len(sentences), rng.randint(2, 4))):
        subject_place = sentence.split(" am ")[0] + " am " + sentence.split(" am ")[1].split(" ")[0]
        for place in PLACES:  # the place may have two words
            if sentence.split(" am ", 1)[1].startswith(place):
                subject_place = sentence.split(" am ", 1)[0] + " am " + place
        own.append(f"{subject_place} {rng.choice(EFFECTS)}, {rng.choice(REASONS)}.")
    if rng.random() < 0.3:
        own.insert(rng.randint(0, len(own)), rng.choice(sentences))
    if rng.random() < 0.5:
        own.append(template["body"][-1][-1])
    if rng.random() < 0.5:
        own.insert(0, rng.choice(PERSONAL).format(place=rng.choice(PLACES), n=rng.randint(2, 40)))
    return _render(template["opening"], [own], rng.choice(CLOSINGS), _signature(rng))


def sibling_template(rng: random.Random, template: dict) -> dict:
    """Another campaign on the same plan: same opening and demand, the same subjects and places, own wording."""
    body = []
    for paragraph in template["body"]:
        sentences = []
        for sentence in paragraph:
            if sentence in DEMANDS:
                sentences.append(sentence)
                continue
            head, tail = sentence.split(" am ", 1)
            place = next((p for p in PLACES if tail.startswith(p)), tail.split(" ")[0])
            sentences.append(f"{head} am {place} {rng.choice(EFFECTS)}, {rng.choice(REASONS)}.")
        body.append(sentences)
    return {"opening": template["opening"], "body": body}


def single_text(rng: random.Random) -> str:
    """A text written alone: the same vocabulary, its own sentences; now and then a one-line idea."""
    if rng.random() < 0.2:
        return f"{rng.choice(SUBJECTS)} am {rng.choice(PLACES)} {rng.choice(EFFECTS)}."
    return _render(rng.choice(OPENINGS), _paragraphs(rng), rng.choice(CLOSINGS), _signature(rng))


def mass_statements(
    n: int = 5_000, *, seed: int = 440, alone: float = 0.3, on_topic: float = 0.5, siblings: float = 0.2
) -> list[tuple[str, int]]:
    """`n` labelled texts as (text, campaign); campaign -1 marks a text written alone.

    Campaign sizes follow a long tail (Zipf: the largest has 12 % of the copies, the next 6 %, ..., and
    hundreds have two to a handful), as in the objections against a regional plan. Hard negatives, so that
    precision means something: a share `on_topic` of the texts written alone are about the same plan as a
    campaign (`on_topic_text`), and a
    share `siblings` of the campaigns are a second campaign on the same plan as an earlier one, with the
    same opening, subjects, places and demand (`sibling_template`): they must not be merged.
    """
    rng = random.Random(seed)  # noqa: S311 - test data, reproducible by design
    copies = n - int(n * alone)
    sizes: list[int] = []
    rank = 1
    while sum(sizes) < copies:
        sizes.append(max(2, min(copies - sum(sizes), int(copies * 0.12 / rank))))
        rank += 1
    labelled = []
    templates: list[dict] = []
    for campaign, size in enumerate(sizes):
        if templates and rng.random() < siblings:
            template = sibling_template(rng, rng.choice(templates))
        else:
            template = make_template(rng)
        templates.append(template)
        labelled += [(edited_copy(rng, template), campaign) for _ in range(size)]
    labelled += [
        (on_topic_text(rng, rng.choice(templates)) if rng.random() < on_topic else single_text(rng), -1)
        for _ in range(n - len(labelled))
    ]
    rng.shuffle(labelled)
    return labelled


def pair_scores(predicted: list[list[int]], labels: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall of a grouping against the labels (-1: belongs to no group)."""
    from collections import Counter

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    true_pairs = sum(pairs(c) for label, c in Counter(labels).items() if label != -1)
    found_pairs = sum(pairs(len(g)) for g in predicted)
    correct = 0
    for group in predicted:
        correct += sum(pairs(c) for label, c in Counter(labels[i] for i in group).items() if label != -1)
    precision = correct / found_pairs if found_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    return precision, recall


def write_mass_statements(path: Path, n: int = 5_000) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for text, campaign in mass_statements(n):
            out.write(json.dumps({"text": text, "campaign": campaign}, ensure_ascii=False) + "\n")


def read_labelled(path: Path) -> list[tuple[str, int]]:
    with gzip.open(path, "rt", encoding="utf-8") as source:
        return [(row["text"], row["campaign"]) for row in map(json.loads, source)]
