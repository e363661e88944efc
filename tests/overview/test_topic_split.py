"""Splitting a topic: by words a planner picks, kept through every recomputation, with clear errors."""

import pytest
from django.urls import reverse

from overview import selectors, topics
from overview.models import Run, Topic, TopicLabel
from proposals.models import Idea
from tests.overview.conftest import theme_ideas

pytestmark = pytest.mark.django_db


def bike_topic(run: Run) -> Topic:
    return next(t for t in Topic.objects.filter(run=run) if {"radweg", "radwege"} & set(t.keywords))


@pytest.fixture
def bike(two_themes, run_now) -> Topic:
    """The cycling topic of a first run over the two themes."""
    return bike_topic(run_now())


def texts_of(topic: Topic) -> set[int]:
    assert {source for source, _id in topic.members} == {"idea"}
    return {object_id for _source, object_id in topic.members}


def with_word(word: str) -> set[int]:
    return {i.pk for i in Idea.objects.all() if word in f"{i.title} {i.description}".lower()}


def split(client, topic: Topic, **data):
    return client.post(reverse("overview:topic-edit", kwargs={"pk": topic.pk}), {"split": "1", **data}, follow=True)


def test_a_split_moves_the_texts_with_the_words_and_survives_a_recomputation(client, planner, run_now, bike):
    first = bike.run
    before = texts_of(bike)
    client.force_login(planner)

    page = split(client, bike, words=["radspur"], split_name="Radspuren")

    assert "Thema geteilt" in page.content.decode()
    new = Topic.objects.get(run=first, label__name="Radspuren")
    rest = Topic.objects.get(pk=bike.pk)
    assert texts_of(new) == before & with_word("radspur")
    assert texts_of(rest) == before - with_word("radspur")
    assert new.size + rest.size == len(before)
    assert "radspur" in new.keywords
    assert "radspur" not in rest.keywords
    assert sum(c["texts"] for c in new.by_stadtteil.values()) <= new.size
    assert {e["id"] for e in new.examples} <= texts_of(new)
    assert {e["id"] for e in rest.examples} <= texts_of(rest)
    assert "abgeteilt aus" in page.content.decode()

    theme_ideas(6, "rad", seed=9)
    second = run_now()

    assert not Run.objects.filter(pk=first.pk).exists()
    again = Topic.objects.get(run=second, label__name="Radspuren")
    bike_now = Topic.objects.get(run=second, label=rest.label)  # the parent keeps the name it had
    assert bike_now.pk != again.pk
    # Every text with the word that NMF put into the bike topic is in the split-off part, none outside it.
    assert texts_of(again)
    assert texts_of(again) <= with_word("radspur")
    assert not texts_of(bike_now) & with_word("radspur")
    assert len(with_word("radspur") - texts_of(again)) <= 2  # at most a stray text NMF put in the tree topic
    names = [v.topic.name for v in selectors.topic_views(run=second)]
    assert "Radspuren" in names
    assert names.count("Radspuren") == 1


def test_a_split_topic_can_be_renamed_and_its_parent_keeps_its_name(client, planner, run_now, bike):
    first = bike.run
    client.force_login(planner)
    client.post(reverse("overview:topic-edit", kwargs={"pk": bike.pk}), {"name": "Radverkehr"})
    split(client, bike, more_words="Fahrradbügel, Bügel")
    new = Topic.objects.get(run=first, label__split_from__isnull=False)
    client.post(reverse("overview:topic-edit", kwargs={"pk": new.pk}), {"name": "Abstellen"})
    client.post(reverse("overview:topic-edit", kwargs={"pk": bike.pk}), {"name": "Radwege"})

    second = run_now()

    names = {t.name for t in Topic.objects.filter(run=second)}
    assert {"Radwege", "Abstellen"} <= names
    parent = TopicLabel.objects.get(name="Radwege")
    assert parent.splits.get().split_words == ["Fahrradbügel", "Bügel"]
    assert {"radweg", "radwege"} & set(parent.keywords)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Bitte wählen Sie mindestens ein Schlüsselwort"),
        ({"more_words": "🙂, 123, und"}, "Bitte wählen Sie mindestens ein Schlüsselwort"),
        ({"more_words": "Straßenbahn"}, "Kein Beitrag dieses Themas enthält „Straßenbahn“."),
    ],
)
def test_bad_choices_are_explained_and_nothing_is_written(client, planner, bike, data, message):
    client.force_login(planner)

    page = split(client, bike, **data)

    assert message in page.content.decode()
    assert not TopicLabel.objects.exists()
    assert Topic.objects.get(pk=bike.pk).size == bike.size


def test_a_split_that_leaves_nothing_or_a_one_text_topic_is_refused(client, planner, bike):
    client.force_login(planner)
    all_words = "pirmasenser, mannheimer, kerststraße, eisenbahnstraße, lauterstraße"

    page = split(client, bike, more_words=all_words)
    assert "es bliebe leer" in page.content.decode()

    Topic.objects.filter(pk=bike.pk).update(members=bike.members[:1], size=1)
    page = split(client, bike, words=["radweg"])
    assert "Ein Thema mit nur einem Beitrag lässt sich nicht teilen." in page.content.decode()
    assert not TopicLabel.objects.exists()


def test_a_stale_topic_after_a_recomputation_is_explained(client, planner, run_now, bike):
    theme_ideas(3, "rad", seed=7)
    run_now()  # the page the planner still has open shows the old run's topics
    client.force_login(planner)

    for data in ({"split": "1", "words": ["radspur"]}, {"name": "Rad"}, {"merge_into": "1"}):
        page = client.post(reverse("overview:topic-edit", kwargs={"pk": bike.pk}), data, follow=True)
        assert page.status_code == 200
        assert "inzwischen neu berechnet" in page.content.decode()
    assert not TopicLabel.objects.exists()


def test_only_planners_and_admins_split(client, moderator, bike):
    client.force_login(moderator)
    page = client.post(reverse("overview:topic-edit", kwargs={"pk": bike.pk}), {"split": "1", "words": ["radspur"]})
    assert page.status_code == 403
    assert not TopicLabel.objects.exists()


def test_split_and_describe_are_by_stem():
    texts = ["Mehr Bäume pflanzen bitte", "Ein Baum fehlt hier", "Radweg ist kaputt und schmal"]
    assert topics.split(texts, ["Baum"]) == ([0, 1], [2])
    assert topics.split_stems(["und", "🙂", "42"]) == []
    keywords, examples = topics.describe(texts[:2], texts[2:])
    assert keywords[0] in {"bäume", "baum"}
    assert sorted(examples) == [0, 1]


def test_a_non_ascii_digit_as_merge_target_is_refused_not_a_500(client, planner, bike):
    client.force_login(planner)
    page = client.post(reverse("overview:topic-edit", kwargs={"pk": bike.pk}), {"merge_into": "²"}, follow=True)
    assert page.status_code == 200
    assert "Bitte wählen Sie ein anderes Thema derselben Auswertung." in page.content.decode()
