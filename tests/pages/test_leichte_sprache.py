import pytest

from pages.leichte_sprache import check

GOOD = """Die Stadt Kaiserslautern plant neue Rad·wege.
Sie können mit·reden.
Schreiben Sie uns Ihre Idee.
Das geht bis zum 30. Juni 2027."""


def rules(text: str) -> list[str]:
    return [hint.rule for hint in check(text)]


def test_a_text_in_leichte_sprache_gets_no_hints():
    assert check(GOOD) == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Die Stadt plant mit den Menschen in allen Stadtteilen neue Wege, Plätze und Parks für den Sommer.",
         "satzlaenge"),
        ("Die Bürgerbeteiligung beginnt.", "kompositum"),
        ("Der Platz wird neu gestaltet.", "passiv"),
        ("Die Stadt würde gern fragen.", "konjunktiv"),
        ("Das ist nicht schwer.", "verneinung"),
        ("Bringen Sie z. B. ein Foto mit.", "abkuerzung"),
        ("Die DSGVO schützt Ihre Daten.", "abkuerzung"),
        ("Es gibt drei Termine.", "zahlwort"),
        ("Das ist Teil II.", "roemisch"),
        ("45 % finden das gut.", "prozent"),
        ("In Kaiserslautern wohnen 100.000 Menschen.", "grosse-zahl"),
    ],
)  # fmt: skip
def test_each_rule_finds_its_case(text, rule):
    assert rule in rules(text)


def test_mediopunkt_and_years_are_fine():
    assert rules("Die Bürger·beteiligung ist 2027.") == []


def test_hints_point_at_the_words():
    hint = next(h for h in check("Der Platz wird neu gestaltet.") if h.rule == "passiv")
    assert hint.excerpt == "wird neu gestaltet"


def test_the_start_page_text_in_leichte_sprache_follows_the_rules():
    from django.template.loader import render_to_string
    from django.utils.html import strip_tags

    text = strip_tags(render_to_string("pages/_leichte_sprache_start.html"))
    assert "mit·reden" in text
    assert check(text) == []


# Each grammar rule from HanTa/pyphen with a case that must hint and a close one that must not.
@pytest.mark.parametrize(
    ("hinted", "fine", "rule"),
    [
        ("Die Bürgerbeteiligung beginnt.", "Hier gibt es Informationen.", "kompositum"),  # compound, long simple word
        ("Die Datenschutzerklärung ist hier.", "Die Daten·schutz·erklärung ist hier.", "kompositum"),
        ("Der Platz wird neu gestaltet.", "Die Stadt gestaltet den Platz neu.", "passiv"),
        ("Ich weiß, dass der Platz gestaltet wird.", "Wir werden den Platz bauen.", "passiv"),  # werden + VVPP only
        # Both in one clause, not "werden" in one and a participle in the next.
        ("Der Platz, den wir lieben, wird neu gestaltet.", "Es wird schön, wenn alles gebaut ist.", "passiv"),
        ("Hier wird gebaut: die Stadt plant es.", "Das wird gut: die Stadt hat geplant.", "passiv"),
        ("Die Stadt würde gern fragen.", "Die Stadt fragt gern.", "konjunktiv"),
        ("Das wäre schön.", "Das ist schön.", "konjunktiv"),
        ("Sie könnten mit·reden.", "Sie können mit·reden.", "konjunktiv"),
    ],
)  # fmt: skip
def test_each_grammar_rule_hints_its_case_and_not_the_close_one(hinted, fine, rule):
    assert rule in rules(hinted)
    assert rule not in rules(fine)


def test_a_long_simple_word_is_no_compound():
    assert rules("Hier finden Sie Informationen.") == []  # 13 letters, one stem: the old letter rule hinted here


def test_a_very_long_word_the_tagger_cannot_split_still_gets_a_hint():
    (hint,) = check("Der Donaudampfschifffahrtsgesellschaftskapitän kommt.")
    assert hint.rule == "wortlaenge"
    assert hint.message.startswith("Sehr langes Wort (")


def test_a_short_compound_needs_no_mediopunkt():
    assert rules("Das Rathaus ist im Stadtteil.") == []  # two syllables each


def test_the_compound_hint_suggests_where_the_mediopunkt_goes():
    (hint,) = check("Die Bürgerbeteiligung beginnt.")
    assert hint.excerpt == "Bürgerbeteiligung"
    assert "„Bürger·beteiligung“" in hint.message
    assert rules("Die Bürger·beteiligung beginnt.") == []
    (hint,) = check("Das Bürger·beteiligungsverfahren beginnt.")  # a part after the Mediopunkt still a compound
    assert "„Bürger·beteiligungs·verfahren“" in hint.message


def test_passive_and_konjunktiv_point_at_their_words():
    assert [h.excerpt for h in check("Ich weiß, dass der Platz gestaltet wird.")] == ["gestaltet wird"]
    assert [h.excerpt for h in check("Die Stadt würde gern fragen.")] == ["würde"]


def test_syllables_come_from_pyphen():
    from pages.leichte_sprache import syllables

    assert syllables("Bürgerbeteiligung") == 6
    assert syllables("Rathaus") == 2


LONG_TEXT = """Die Stadt Kaiserslautern plant eine Bürgerbeteiligung zum Stiftsplatz in der Innenstadt.
Der Platz wird im nächsten Jahr neu gestaltet. Es soll mehr Bäume und mehr Schatten geben.
Die Verwaltung würde gern wissen, was Ihnen wichtig ist. Sie können Ihre Ideen auf der Karte zeigen.
Die Informationsveranstaltung ist im Rathaus. Dort gibt es auch Informationen zum Bebauungsplan.
Der Kinderspielplatz bleibt offen. Die Haltestelle der Straßenbahn wird verlegt.
Die Fahrradstraße verbindet die Stadtteile. Das wäre ein großer Gewinn für alle Menschen.
Schreiben Sie uns bis zum 30. Juni 2027. Wir lesen jede Nachricht.
Die Ergebnisse stehen danach auf der Internetseite. Die Datenschutzerklärung finden Sie unten.
Sie haben Fragen? Dann rufen Sie uns an. Die Öffnungszeiten stehen auf der Seite Kontakt.
"""


def test_checking_2000_characters_takes_well_under_a_second():
    import time

    from pages.leichte_sprache import _tagger

    _tagger()  # loaded once per process; the first staff editor pays for it (about 1 s)
    text = (LONG_TEXT * 3)[:2000]
    assert len(text) == 2000
    started = time.perf_counter()
    hints = check(text)
    elapsed = time.perf_counter() - started
    assert {"kompositum", "passiv", "konjunktiv"} <= {h.rule for h in hints}
    assert elapsed < 1.0, f"{elapsed:.2f} s for 2,000 characters"


def test_a_word_of_hundreds_of_letters_is_checked_in_time():
    # HanTa's time grows with the cube of a word's length: 1,200 letters took minutes and hung the staff editor.
    import time

    started = time.perf_counter()
    hints = check("Das ist " + "Ab" * 600 + ".")
    assert time.perf_counter() - started < 5
    assert "wortlaenge" in {hint.rule for hint in hints}
