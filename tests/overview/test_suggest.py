import pytest
from django.urls import reverse

from overview import services, suggest, suggestions
from overview.models import Run, Suggestion, SuggestionDecision, SuggestionModel
from overview.suggest import ideas
from proposals.models import Category, Idea
from tests.factories import IdeaFactory
from tests.overview.conftest import theme_ideas

pytestmark = pytest.mark.django_db


def test_held_out_accuracy_on_the_generated_set_beats_the_goal():
    texts, labels = ideas.generate()
    found = suggest.evaluate(texts, labels)
    assert found["categories"] == 7
    assert found["accuracy"] > 0.8


def test_too_few_categories_or_words_give_no_model_and_no_suggestion():
    assert suggest.train(["Bäume pflanzen am Park bitte"] * 5, [1] * 5) is None
    texts, labels = ideas.generate(60)
    model = suggest.train(texts, labels)
    assert suggest.suggest(model, "🙂 123 ok") is None


def test_a_suggestion_is_applied_only_by_a_moderators_click(
    client, moderator, planner, django_capture_on_commit_callbacks
):
    verkehr, gruen = Category.objects.get(slug="verkehr"), Category.objects.get(slug="gruen")
    theme_ideas(30, "rad", seed=1, category=verkehr)
    theme_ideas(30, "baum", seed=2, category=gruen)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_request()
    run.refresh_from_db()
    assert run.state == Run.State.DONE, run.error
    assert SuggestionModel.objects.filter(run=run, kind=Suggestion.CATEGORY).exclude(blob=None).exists()

    idea = IdeaFactory(
        title="Bäume an der Kerststraße",
        description="Bitte mehr schattige Bäume pflanzen, die alten Bäume brauchen Wasser.",
        category=verkehr,
        visibility=Idea.Visibility.PENDING,
        published_at=None,
    )
    categories = {c.pk: c for c in Category.objects.all()}
    computed = suggestions.category_suggestion(idea, suggestions.category_model(), categories)
    assert computed["category"] == gruen
    assert "Bäume" in computed["words"]

    client.force_login(moderator)
    page = client.get(reverse("proposals:moderation")).content.decode()
    assert "Vorschlag für die Kategorie: <strong>Grün und Umwelt</strong>" in page
    assert "wegen Bäume" in page
    idea.refresh_from_db()
    assert idea.category == verkehr  # computed and shown, still not applied

    url = reverse("overview:suggestion-decide", args=[idea.pk])
    client.force_login(planner)  # planners may see the queue but not moderate
    assert client.post(url, {"suggestion": f"accept:{gruen.pk}"}).status_code == 403

    client.force_login(moderator)
    for junk in ("abc", "²", "9" * 30):  # "²" passed str.isdigit(), and the number went to the database
        assert client.post(url, {"suggestion": f"accept:{junk}"}).status_code == 302
    assert client.post(url, {"suggestion": f"reject:{gruen.pk}"}).status_code == 302
    idea.refresh_from_db()
    assert idea.category == verkehr
    client.post(url, {"suggestion": f"accept:{gruen.pk}"})
    idea.refresh_from_db()
    assert idea.category == gruen
    decisions = list(SuggestionDecision.objects.order_by("id").values_list("user", "idea", "suggested", "accepted"))
    assert decisions == [(moderator.pk, idea.pk, gruen.pk, False), (moderator.pk, idea.pk, gruen.pk, True)]

    page = client.get(reverse("overview:index")).content.decode()
    assert "Angenommen: 1 von 2 Vorschlägen (50 %)" in page
