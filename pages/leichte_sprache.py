"""Hints for texts in Leichte Sprache, checked offline against the common rules (Netzwerk Leichte Sprache,
DIN SPEC 33429): short sentences, compounds split with a Mediopunkt, active voice, no Konjunktiv, positive
wording, no abbreviations, numbers as digits and small. Hints, not errors: a reader checks the text in the end."""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_WORDS = 15  # per sentence
LONG_WORD = 13  # letters of a word without Mediopunkt or hyphen
BIG_NUMBER = 1000
NAMES = {"Kaiserslautern", "KLmitWirkung", "Gebärdensprache"}  # names are not split

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"[A-Za-zÄÖÜäöüß·\-]+")
PASSIVE = re.compile(r"\b(wird|werden|wurde|wurden|worden)\b(?:\s+\S+){0,6}?\s+(ge\w+(?:t|en)|\w+iert)\b", re.I)
KONJUNKTIV = re.compile(
    r"\b(würde|würden|würdest|hätte|hätten|wäre|wären|könnte|könnten|müsste|müssten|sollte|sollten|dürfte|dürften)\b",
    re.I,
)
NEGATION = re.compile(r"\b(nicht|kein|keine|keinen|keinem|keiner|keines|nie|niemals|nichts|niemand)\b", re.I)
ABBREVIATION = re.compile(
    r"(\b(?:z\.\s?B|u\.\s?a|d\.\s?h|bzw|usw|ggf|ca|evtl|inkl|vgl|Nr|Str|Tel|etc|o\.\s?ä)\.|\b[A-ZÄÖÜ]{2,}\b)"
)
NUMBER_WORD = re.compile(r"\b(eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\b", re.I)
ROMAN = re.compile(r"\b(?:II|III|IV|VI|VII|VIII|IX|XI|XII)\b")
PERCENT = re.compile(r"\d+\s?(%|Prozent)", re.I)
DIGITS = re.compile(r"\b\d[\d.]*\b")


@dataclass(frozen=True)
class Hint:
    rule: str
    message: str
    excerpt: str


def _sentences(text: str) -> list[str]:
    # The dots of "z. B." do not end a sentence: they are hidden (one-dot leader) while splitting.
    protected = ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\u2024"), text or "")
    return [s.strip().replace("\u2024", ".") for s in SENTENCE_END.split(protected) if s.strip()]


def check(text: str) -> list[Hint]:
    """Every hint for `text`, sentence by sentence; an empty list when nothing stands out."""
    hints: list[Hint] = []
    for sentence in _sentences(text):
        words = WORD.findall(sentence)
        short = sentence if len(sentence) <= 80 else sentence[:77] + " …"
        if len(words) > MAX_WORDS:
            hints.append(
                Hint(
                    "satzlaenge",
                    _("Langer Satz (%(n)d Wörter). Besser: höchstens 15 Wörter.") % {"n": len(words)},
                    short,
                )
            )
        for word in words:
            if (
                len(word) >= LONG_WORD
                and "·" not in word
                and "-" not in word
                and word[0].isupper()
                and word not in NAMES
            ):
                hints.append(
                    Hint(
                        "wortlaenge",
                        _("Langes Wort. Besser mit Medio·punkt trennen, z. B. „Bürger·beteiligung“."),
                        word,
                    )
                )
        if match := PASSIVE.search(sentence):
            hints.append(Hint("passiv", _("Passiv. Besser: sagen, wer etwas tut."), match.group(0)))
        if match := KONJUNKTIV.search(sentence):
            hints.append(Hint("konjunktiv", _("Konjunktiv. Besser: klar sagen, was ist."), match.group(0)))
        if match := NEGATION.search(sentence):
            hints.append(Hint("verneinung", _("Verneinung. Besser: positiv sagen, was geht."), match.group(0)))
        for match in ABBREVIATION.finditer(sentence):
            hints.append(Hint("abkuerzung", _("Abkürzung. Besser: das ganze Wort schreiben."), match.group(0)))
        for match in NUMBER_WORD.finditer(sentence):
            hints.append(Hint("zahlwort", _("Zahl als Wort. Besser: als Ziffer schreiben, z. B. 3."), match.group(0)))
        for match in ROMAN.finditer(sentence):
            hints.append(Hint("roemisch", _("Römische Zahl. Besser: arabische Ziffern."), match.group(0)))
        for match in PERCENT.finditer(sentence):
            hints.append(Hint("prozent", _("Prozent. Besser: „viele“, „wenige“ oder „die Hälfte“."), match.group(0)))
        for match in DIGITS.finditer(sentence):
            value = match.group(0).replace(".", "")
            if value.isdigit() and int(value) >= BIG_NUMBER and not (1900 <= int(value) <= 2100):
                hints.append(
                    Hint("grosse-zahl", _("Große Zahl. Besser: „viele“ oder eine runde Zahl."), match.group(0))
                )
    return hints


def easy_text_field(label) -> models.TextField:
    """A page's text in Leichte Sprache, shown behind the page's switch; the staff editor shows check()'s hints."""
    return models.TextField(
        label,
        max_length=3000,
        blank=True,
        help_text=gettext_lazy(
            "Kurze Sätze, ein Gedanke je Zeile. Die Seite zeigt sie hinter dem Schalter „Leichte Sprache“."
        ),
    )
