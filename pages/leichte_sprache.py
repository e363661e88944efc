"""Hints for texts in Leichte Sprache, checked offline against the common rules (Netzwerk Leichte Sprache,
DIN SPEC 33429): short sentences, long compounds split with a Mediopunkt, active voice, no Konjunktiv, positive
wording, no abbreviations, numbers as digits and small. Hints, not errors: a reader checks the text in the end.

Where a rule needs grammar, the check asks libraries from PyPI that work offline:
- HanTa (Hanover Tagger, LGPL-3.0, model `morphmodel_ger.pgz` inside the wheel) tags each sentence (STTS) and
  splits each noun into morphemes: a compound is a noun with more than one noun or verb stem ("Bürgerbeteiligung"
  = bürger + beteiligung; "Informationen" = information + suffix, no compound). Passive is a form of "werden"
  (VAFIN/VAINF/VAPP) with a past participle (VVPP) in the same sentence; Konjunktiv II is a form like
  würde/hätte/wäre/könnte/müsste/sollte/dürfte/gäbe whose lemma the tagger confirms.
  The tagger is loaded once per process, on the first check (the staff editors and the hint tests only; no
  import at start-up): measured on the 2-core development machine (6 December 2026, load average 3–6), 0.2–0.3 s
  to import and load with a warm disk, about 1 s cold, and about 50 MB more resident memory (9 → 59 MB). A
  2,000-character text then takes under 0.1 s.
- pyphen (the hyphenation patterns WeasyPrint uses too) counts syllables, so "long" means 4 syllables or more,
  and tells where a Mediopunkt can go: at a boundary between stems that is also a syllable boundary. A word the
  tagger cannot split gets a plain "very long word" hint from 7 syllables (pyphen counts "Informationen" as 6).
Sentence length, negations, abbreviations and numbers stay regular expressions: there the surface is the rule."""

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_WORDS = 15  # per sentence
LONG_COMPOUND = 4  # syllables (pyphen) of a compound, or of a part between Mediopunkte
LONG_WORD = 7  # syllables of a word that is not known as a compound ("Informationen" has 6 by pyphen)
BIG_NUMBER = 1000
MAX_TAGGED = 60  # letters of a word HanTa tags and splits (0.1 s at 80; see _grammar_hints)
NAMES = {"Kaiserslautern", "KLmitWirkung", "Gebärdensprache"}  # names are not split

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"[A-Za-zÄÖÜäöüß·\-]+")
TOKEN = re.compile(r"[^\W\d_][\w·\-]*|\d[\d.,]*|[^\w\s]")
MEDIOPUNKT = "·"
CLAUSE_MARKS = frozenset(",;:–—()")
# Konjunktiv II by lemma (as HanTa gives it) and form. "möchte" is left out: Leichte Sprache uses it as a plain
# wish; "sollte" is also the past tense, which Leichte Sprache avoids as well.
KONJUNKTIV_II = {
    "werden": {"würde", "würdest", "würden", "würdet"},
    "sein": {"wäre", "wärest", "wärst", "wären", "wäret", "wärt"},
    "haben": {"hätte", "hättest", "hätten", "hättet"},
    "können": {"könnte", "könntest", "könnten", "könntet"},
    "müssen": {"müsste", "müsstest", "müssten", "müsstet"},
    "sollen": {"sollte", "solltest", "sollten", "solltet"},
    "dürfen": {"dürfte", "dürftest", "dürften", "dürftet"},
    "geben": {"gäbe", "gäben"},
    "kommen": {"käme", "kämen"},
    "wissen": {"wüsste", "wüssten"},
    "brauchen": {"bräuchte", "bräuchten"},
}
STEM = re.compile(r"(NN|NE|VV|ADJ)")  # HanTa's morpheme tags of stems; suffixes are SUF_…, linking letters FUGE
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


@cache
def _tagger():
    """HanTa's German tagger, loaded once per process on first use (0.2–1 s, about 50 MB; see above)."""
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


@cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="de_DE")


def syllables(word: str) -> int:
    """Syllables of `word` by pyphen's German hyphenation patterns (a little generous on rare clusters)."""
    return len(_hyphenator().positions(word)) + 1


@lru_cache(maxsize=4096)
def _morphemes(word: str) -> tuple[tuple[str, str], ...]:
    """HanTa's morphemes of a noun, e.g. Bürgerbeteiligung → (bürger, NN), (beteiligung, NN)."""
    noun = word[:1].upper() + word[1:]
    return tuple(_tagger().analyze(noun, taglevel=3)[1])


def _stem_starts(word: str, morphemes) -> list[int] | None:
    """Offsets in `word` where a second, third … stem begins; None if the morphemes do not spell the word."""
    if "".join(m for m, _tag in morphemes) != word.lower():
        return None
    starts, offset, seen_stem = [], 0, False
    for morpheme, tag in morphemes:
        if STEM.match(tag):
            if seen_stem:
                starts.append(offset)
            seen_stem = True
        offset += len(morpheme)
    return starts


def _split_compound(part: str) -> str | None:
    """`part` with Mediopunkte between its stems if it is a long compound (e.g. „Bürger·beteiligung“), else None.
    A Mediopunkt goes where a stem begins and pyphen also allows a break; if pyphen allows none of them, at the
    stems alone."""
    if len(part) < 6 or syllables(part) < LONG_COMPOUND:
        return None
    starts = _stem_starts(part, _morphemes(part))
    if not starts:
        return None
    breaks = set(_hyphenator().positions(part))
    cuts = [s for s in starts if s in breaks] or starts
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(part[last:cut])
        last = cut
    pieces.append(part[last:])
    return MEDIOPUNKT.join(pieces)


def _compound_hint(word: str) -> Hint | None:
    if word in NAMES:
        return None
    parts = re.split(r"([·\-])", word)
    if len(parts) == 1:
        suggestion = _split_compound(word)
    else:  # already split: each part between Mediopunkte or hyphens may still be a long compound
        changed = [(_split_compound(p) if p not in "·-" else None) or p for p in parts]
        suggestion = "".join(changed) if changed != parts else None
    if not suggestion:
        return None
    return Hint(
        "kompositum",
        _("Langes zusammengesetztes Wort. Besser mit Medio·punkt: „%(suggestion)s“.") % {"suggestion": suggestion},
        word,
    )


def _long_word_hint(word: str) -> Hint | None:
    """A very long word that HanTa cannot split (e.g. one it does not know): a hint without a suggestion."""
    if word in NAMES or any(part and syllables(part) < LONG_WORD for part in re.split(r"[·\-]", word)):
        return None
    return Hint(
        "wortlaenge",
        _("Sehr langes Wort (%(n)d Silben). Besser: ein kürzeres Wort, oder mit Medio·punkt trennen.")
        % {"n": syllables(word)},
        word,
    )


def _grammar_hints(sentence: str) -> list[Hint]:
    """Compounds, passive and Konjunktiv of one sentence, from HanTa's tags and morphemes."""
    tokens = list(TOKEN.finditer(sentence))
    if not tokens:
        return []
    # HanTa's time grows with the cube of a word's length (1,200 letters: minutes): a longer token is tagged as a
    # stand-in and only counted.
    words = [t.group(0) for t in tokens]
    tagged = _tagger().tag_sent([w if len(w) <= MAX_TAGGED else "Wort" for w in words], taglevel=1)
    tagged = [(word, lemma, tag) for word, (_w, lemma, tag) in zip(words, tagged, strict=True)]
    hints: list[Hint] = []
    werden, participles = [], []
    # Clause number of each token: "werden" and a participle make a passive only within one clause ("Es wird
    # schön, wenn alles gebaut ist" has none); German sets clauses apart with these marks.
    clause = list(accumulate(word in CLAUSE_MARKS for word in words))
    for i, (word, lemma, tag) in enumerate(tagged):
        if len(word) > MAX_TAGGED:
            if word[:1].isupper() and (hint := _long_word_hint(word)):
                hints.append(hint)
        elif tag in ("NN", "XY") and word[:1].isupper():  # XY: a word the tagger does not know
            if hint := _compound_hint(word) or _long_word_hint(word):
                hints.append(hint)
        elif tag.startswith("VA") and lemma == "werden":
            werden.append(i)
        elif tag == "VV(PP)":
            participles.append(i)
    pairs = [(w, p) for w in werden for p in participles if clause[w] == clause[p]]
    if pairs:
        # The span from the form of "werden" to the nearest participle: "wird neu gestaltet", "gebaut wird".
        w, p = min(pairs, key=lambda pair: abs(pair[0] - pair[1]))
        first, last = tokens[min(w, p)], tokens[max(w, p)]
        hints.append(Hint("passiv", _("Passiv. Besser: sagen, wer etwas tut."), sentence[first.start() : last.end()]))
    for word, lemma, tag in tagged:
        if tag.startswith("V") and word.lower() in KONJUNKTIV_II.get(lemma, ()):
            hints.append(Hint("konjunktiv", _("Konjunktiv. Besser: klar sagen, was ist."), word))
            break
    return hints


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
        hints.extend(_grammar_hints(sentence))
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
