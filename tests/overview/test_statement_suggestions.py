"""Topic and plan-feature suggestions for formal statements: learned from the planners' earlier assignments,
shown with their words, applied only by a click, every click logged (docs/overview.md "Suggestions")."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bauleitplanung.models import Concern, Procedure, Statement
from bauleitplanung.services.classify import concern_topic_set, feature_label, statement_feature_set
from overview import services, suggest, suggestions
from overview.models import Suggestion, SuggestionDecision, SuggestionModel
from overview.suggest import statements as generated
from proposals.models import Category, Idea
from tests.bauleitplanung.conftest import make_step
from tests.factories import FeatureFactory, IdeaFactory, LayerFactory, ProjectFactory

pytestmark = pytest.mark.django_db

NOISE = "Die Schallimmissionen an unserer Fassade werden nachts zu laut, ein neues Schallgutachten und eine Lärmschutzwand sind nötig."  # noqa: E501


@pytest.fixture
def procedure():
    return Procedure.objects.create(project=ProjectFactory(slug="bplan-pfaff", title="Bebauungsplan Pfaff"))


@pytest.fixture
def step(procedure):
    return make_step(procedure)


@pytest.fixture
def features(procedure):
    layer = LayerFactory(project=procedure.project, name="BP_Plan")
    return {name: FeatureFactory(layer=layer, attributes={"gml_id": name}) for name in ("WA 1", "RRB", "Planstraße A")}


def _statement(step, number: int, text: str) -> Statement:
    return Statement.objects.create(procedure=step.procedure, step=step, number=number, text=text,
                                    received_at=timezone.now() - timedelta(days=1))  # fmt: skip


def _labelled(step, features, planner, *, topics=("Lärm", "Entwässerung und Starkregen"), per_topic=15) -> int:
    """Statements from the generated set that planners already gave a topic and a feature (by hand)."""
    feature_of = {"Lärm": features["Planstraße A"], "Entwässerung und Starkregen": features["RRB"]}
    rows = [row for row in generated.generate(60, seed=3) if row[1] in topics]
    number = 0
    for topic in topics:
        for text, _label, _feature, _named in [r for r in rows if r[1] == topic][:per_topic]:
            number += 1
            statement = _statement(step, number, text)
            concern_topic_set(statement=statement, actor=planner, topic=topic if number % 4 else topic.upper())
            statement_feature_set(statement=statement, actor=planner, feature=feature_of[topic])
    return number


def test_the_generated_statements_reach_the_goal_for_topics():
    rows = generated.generate()
    found = suggest.evaluate([r[0] for r in rows], [r[1] for r in rows])
    assert found["categories"] == 8
    assert found["accuracy"] >= 0.8
    # Features: well found where the text names or describes them, hardly where it does not.
    found = suggest.evaluate([r[0] for r in rows], [r[2] for r in rows], parts=[r[3] for r in rows])
    assert found["by_part"][True][0] > 0.9
    assert found["by_part"][False][0] < 0.5


def test_too_few_labelled_statements_are_said_on_the_page_instead_of_a_suggestion(
    client, step, features, run_now, planner
):
    statement = _statement(step, 1, NOISE)
    client.force_login(planner)
    url = reverse("bauleitplanung:statement", args=[step.procedure.project.slug, 1])
    assert "noch keine Auswertung gelaufen" in client.get(url).content.decode()

    for number in range(2, 8):  # six statements with a topic: fewer than MIN_LABELLED
        other = _statement(step, number, NOISE)
        concern_topic_set(statement=other, actor=planner, topic="Lärm" if number % 2 else "Verkehr")
    assert services.has_new_contributions()
    run_now()
    assert not services.has_new_contributions()
    page = client.get(url).content.decode()
    assert "Themenvorschläge: zu wenige Beispiele, um daraus zu lernen (6 Stellungnahmen" in page
    assert "Planinhalt-Vorschläge: zu wenige Beispiele, um daraus zu lernen (0 Stellungnahmen" in page
    assert "Vorschlag übernehmen" not in page
    assert not Concern.objects.filter(statement=statement).exists()
    # A topic given by hand is no new contribution, but the next quarter-hour's check sees it and learns it.
    concern_topic_set(statement=statement, actor=planner, topic="Lärm")
    assert services.has_new_contributions()


def test_a_label_changed_into_another_is_seen_by_the_periodic_check(step, features, run_now, planner):
    """The counts stay the same when a planner corrects a topic, a plan feature or a moderator a category: the
    check must still see it, or the suggestions keep the mistake until something new arrives."""
    _labelled(step, features, planner, per_topic=4)
    idea = IdeaFactory(visibility=Idea.Visibility.PUBLISHED)
    run_now()
    assert not services.has_new_contributions()

    concern = Concern.objects.filter(topic="Lärm").first()
    concern_topic_set(statement=concern.statement, actor=planner, topic="Verkehr")
    assert Concern.objects.exclude(topic="").count() == 8  # the same number of labelled concerns
    assert services.has_new_contributions()
    run_now()
    assert not services.has_new_contributions()

    statement = Statement.objects.filter(feature=features["RRB"]).first()
    statement_feature_set(statement=statement, actor=planner, feature=features["WA 1"])
    assert services.has_new_contributions()
    run_now()
    assert not services.has_new_contributions()

    Idea.objects.filter(pk=idea.pk).update(category=Category.objects.exclude(pk=idea.category_id).first())
    assert services.has_new_contributions()


def test_a_suggestion_is_never_applied_without_a_click_and_each_click_is_logged(
    client, step, features, run_now, planner, moderator
):
    count = _labelled(step, features, planner)
    run_now()
    topic_model = SuggestionModel.objects.get(kind=Suggestion.TOPIC)
    assert topic_model.examples == count
    assert topic_model.blob is not None
    assert SuggestionModel.objects.get(kind=Suggestion.FEATURE, procedure=step.procedure).blob is not None

    new = _statement(step, 100, NOISE)
    offered = suggestions.statement_suggestions(new)
    topic, feature = offered["topics"][0], offered["feature"]
    assert topic["state"] == "suggest"
    assert topic["label"] == "Lärm"  # the spelling most planners used
    assert {"Schallgutachten", "Lärmschutzwand"} & set(topic["words"])
    assert feature["state"] == "suggest"
    assert feature["label"] == feature_label(features["Planstraße A"])

    client.force_login(planner)
    page_url = reverse("bauleitplanung:statement", args=[step.procedure.project.slug, new.number])
    page = client.get(page_url).content.decode()
    assert "Vorschlag für das Thema: <strong>Lärm</strong>" in page
    assert "Vorschlag für den Planinhalt: <strong>BP_Plan Planstraße A</strong>" in page
    # Computed and shown twice, still nothing applied and nothing logged.
    new.refresh_from_db()
    assert new.feature_id is None
    assert not new.concerns.exists()
    assert not SuggestionDecision.objects.exists()

    url = reverse("overview:statement-suggestion-decide", args=[new.pk])
    topic_post = {"kind": "topic", "value": "Lärm", "decision": "accept"}
    feature_post = {"kind": "feature", "value": str(features["Planstraße A"].pk)}

    client.force_login(moderator)  # moderation has no part in the procedure (bauleitplanung.weigh_statements)
    assert client.post(url, topic_post).status_code == 403
    client.force_login(planner)
    for bad in (
        {**topic_post, "decision": "apply"},
        {**topic_post, "kind": "category"},
        {**topic_post, "value": "Verkehr"},  # not what was offered: nothing is applied
        {**topic_post, "concern": "abc"},
        {**feature_post, "decision": "accept", "value": str(features["RRB"].pk)},
    ):
        response = client.post(url, bad)
        assert response.status_code == 302, bad
    assert not SuggestionDecision.objects.exists()
    new.refresh_from_db()
    assert new.feature_id is None
    assert not new.concerns.exists()

    client.post(url, {**feature_post, "decision": "reject"})
    new.refresh_from_db()
    assert new.feature_id is None  # rejected: logged, nothing changed, not offered again
    assert "„BP_Plan Planstraße A“ wurde hier schon verworfen" in client.get(page_url).content.decode()

    response = client.post(url, topic_post)
    assert response.url == f"{page_url}#classify"
    assert new.concerns.get().topic == "Lärm"
    decisions = SuggestionDecision.objects.order_by("id").values_list("kind", "user", "statement", "value", "accepted")
    assert list(decisions) == [
        ("feature", planner.pk, new.pk, "BP_Plan Planstraße A", False),
        ("topic", planner.pk, new.pk, "Lärm", True),
    ]
    page = client.get(page_url).content.decode()
    assert "Themenvorschläge bisher angenommen: 1 von 1 (100 %)" in page
    overview = client.get(reverse("overview:index")).content.decode()
    assert "Angenommen: 1 von 1 Vorschlägen (100 %)" in overview
    assert "Angenommen: 0 von 1 Vorschlägen (0 %)" in overview


def test_bad_input_and_other_procedures(client, step, features, run_now, planner):
    _labelled(step, features, planner)
    run_now()
    short = _statement(step, 100, "🙂🙂 123")
    offered = suggestions.statement_suggestions(short)
    assert offered["topics"][0]["state"] == "too_short"
    assert offered["feature"]["state"] == "too_short"

    # Another plan has its own features: nothing learned there yet, and this plan's features are never offered.
    elsewhere = make_step(Procedure.objects.create(project=ProjectFactory(slug="bplan-anders")))
    foreign = _statement(elsewhere, 1, NOISE)
    assert suggestions.statement_suggestions(foreign)["feature"]["state"] == "too_few"
    client.force_login(planner)
    url = reverse("overview:statement-suggestion-decide", args=[foreign.pk])
    client.post(url, {"kind": "feature", "value": str(features["RRB"].pk), "decision": "accept"})
    foreign.refresh_from_db()
    assert foreign.feature_id is None

    # A topic typed by hand: bounded, and a feature of another plan is refused by the page.
    detail = reverse("bauleitplanung:statement", args=[step.procedure.project.slug, 100])
    assert client.post(detail, {"action": "topic", "topic": "x" * 101}).status_code == 400
    other_feature = FeatureFactory(attributes={"gml_id": "X"})
    assert client.post(detail, {"action": "feature", "feature": str(other_feature.pk)}).status_code == 400
    assert client.post(detail, {"action": "feature", "feature": "abc"}).status_code == 400
    assert client.post(detail, {"action": "topic", "topic": "  Lärm  "}).status_code == 302
    assert client.post(detail, {"action": "feature", "feature": str(features["RRB"].pk)}).status_code == 302
    short.refresh_from_db()
    assert short.concerns.get().topic == "Lärm"
    assert short.feature == features["RRB"]
    # Decided by hand: nothing is suggested any more.
    assert suggestions.statement_suggestions(short) == {"topics": [], "feature": None}


def test_a_non_ascii_digit_as_concern_is_refused_not_a_500(client, step, planner):
    statement = _statement(step, 1, NOISE)
    client.force_login(planner)
    url = reverse("overview:statement-suggestion-decide", args=[statement.pk])
    page = client.post(url, {"kind": "topic", "value": "Lärm", "decision": "accept", "concern": "²"}, follow=True)
    assert page.status_code == 200
    assert "Dieses Anliegen gehört nicht zu dieser Stellungnahme." in page.content.decode()
