import random
from pathlib import Path

from overview import dedup, testset

LABELLED = Path(__file__).resolve().parents[2] / "bench" / "data" / "mass_statements.jsonl.gz"


def test_a_template_with_200_edited_copies_becomes_one_group():
    rng = random.Random(7)
    template = testset.make_template(rng)
    copies = [testset.edited_copy(rng, template) for _ in range(200)]
    alone = [testset.single_text(rng) for _ in range(60)]
    texts = alone[:30] + copies + alone[30:]

    groups = dedup.find_groups(texts)

    # One group, only copies in it, and (the recall goal) at least 90 % of them; the rest stand alone. The
    # template has six sentences, so a copy with three own sentences, two left out and an address is far from
    # it: those few are the price of keeping out texts that only share the topic (docs/overview.md).
    assert len(groups) == 1
    assert set(groups[0].members) <= set(range(30, 230))
    assert len(groups[0].members) >= 180
    # The template is the campaign's body, without anyone's name or address.
    assert template["body"][0][0] in groups[0].template
    assert "Kaiserslautern" not in groups[0].template.split(".")[-1]


def test_each_member_shows_what_it_changed():
    template = [
        "Der Neubau am Stiftsplatz erhöht den Lärm.",
        "Die Bäume müssen stehen bleiben.",
        "Ich verlange eine erneute Auslegung.",
    ]
    member = (
        "Die Bäume müssen stehen bleiben. Der Neubau am Stiftsplatz erhöht den Lärmm. Ich wohne hier seit 20 Jahren."
    )

    diff = dedup.member_diff(template, member)

    ops = {(c["op"], c["text"]) for c in diff}
    assert ("edited", "Der Neubau am Stiftsplatz erhöht den Lärmm.") in ops
    assert ("added", "Ich wohne hier seit 20 Jahren.") in ops
    assert ("removed", "Ich verlange eine erneute Auslegung.") in ops


def test_precision_and_recall_on_the_labelled_set():
    labelled = testset.read_labelled(LABELLED)
    texts, labels = [t for t, _ in labelled], [c for _, c in labelled]

    precision, recall = testset.pair_scores(dedup.group_indexes(texts), labels)

    assert precision >= 0.95
    assert recall >= 0.90


def test_the_labelled_set_is_what_its_generator_makes():
    assert testset.read_labelled(LABELLED)[:50] == testset.mass_statements(5_000)[:50]


def test_hostile_texts_group_without_error():
    texts = ["", "🚲🚲", "12345", "\x00\x01", "Radweg", "Radweg", "x" * 100_000, "Радовая дорожка здесь " * 20]
    groups = dedup.find_groups(texts)
    assert [g.members for g in groups] == [[4, 5]]
