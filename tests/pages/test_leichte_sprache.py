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
        ("Die Bürgerbeteiligung beginnt.", "wortlaenge"),
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
