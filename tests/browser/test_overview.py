"""Splitting a topic on /auswertung/themen/ by keyboard alone, with axe on the page before and after."""

import re

from accounts.roles import Role
from overview import services, topics
from overview.models import Run, Topic
from overview.sources import items_of
from tests.browser.conftest import log_in, serious_violations
from tests.conftest import ensure_migrated_data
from tests.factories import UserFactory
from tests.feedback.conftest import verified
from tests.overview.conftest import theme_ideas


def test_a_planner_splits_a_topic_by_keyboard(page, live_server, reference_data):
    ensure_migrated_data()  # categories and roles: an earlier test on this worker may have flushed them
    theme_ideas(40, "rad", seed=1)
    theme_ideas(40, "baum", seed=2)
    services.run_request()  # runs at once (eager jobs, committed at once in a live-server test)
    run = Run.objects.get(state=Run.State.DONE)
    topic = Topic.objects.filter(run=run).order_by("-size").first()
    texts = [item.text for item in items_of(topic.members)]
    word = next(w for w in topic.keywords if all(topics.split(texts, [w])))  # one that leaves texts on both sides
    log_in(page, live_server, verified(UserFactory(email="planung@example.org", roles=[Role.PLANNER])))
    page.goto(f"{live_server.url}/auswertung/themen/")
    assert serious_violations(page) == []

    def tab_to(predicate: str, limit: int = 200) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                return
        raise AssertionError(f"never focused: {predicate}")

    row = f"document.activeElement.closest('#thema-{topic.pk}')"
    tab_to(f"{row} !== null && document.activeElement.tagName === 'SUMMARY'")
    page.keyboard.press("Enter")
    tab_to(f"{row} !== null && document.activeElement.value === '{word}'")
    page.keyboard.press("Space")
    tab_to(f"{row} !== null && document.activeElement.name === 'split_name'")
    page.keyboard.type("Teilthema")
    tab_to(f"{row} !== null && document.activeElement.name === 'split'")
    page.keyboard.press("Enter")

    page.wait_for_selector("text=Thema geteilt")
    assert serious_violations(page) == []
    new = Topic.objects.get(run=run, label__name="Teilthema")
    assert new.label.split_words == [word]
    assert re.search(r"abgeteilt aus", page.content())
    assert Topic.objects.get(pk=topic.pk).size + new.size == topic.size
