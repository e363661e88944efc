"""Deciding once for an overview group: feedback entries weighed together, statements made one weighing group."""

import html
import random
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils import timezone

from bauleitplanung.models import Procedure, Statement, StatementGroup, Step
from bauleitplanung.services.weighing import group_create, statement_decide, unweighed
from feedback.models import Feedback, FeedbackLog
from overview import testset
from overview.models import GroupDecisionLog, Run, TextGroup
from tests.factories import FeatureFactory, LayerFactory, ProjectFactory, UserFactory
from tests.overview.conftest import theme_ideas

pytestmark = pytest.mark.django_db
REASON = "Die Festsetzung sichert die Bäume bereits; eine Änderung ist nicht nötig."


def copies(n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    template = testset.make_template(rng)
    return [testset.edited_copy(rng, template)[:4000] for _ in range(n)]


@pytest.fixture
def statements():
    """Ten copies of one objection in one procedure: no. 3 weighed on its own, nos. 4 and 5 already a group."""
    procedure = Procedure.objects.create(project=ProjectFactory(slug="bplan-west", title="Bebauungsplan West"))
    today = timezone.localdate()
    step = Step.objects.create(procedure=procedure, kind=Step.Kind.VEROEFFENTLICHUNG,
                               starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=30))  # fmt: skip
    received = timezone.now() - timedelta(hours=1)
    return [
        Statement.objects.create(procedure=procedure, step=step, number=n, name="P", text=text, received_at=received)
        for n, text in enumerate(copies(10), start=1)
    ]


def statement_group(run: Run) -> TextGroup:
    return TextGroup.objects.get(run=run, scope="Verfahren: Bebauungsplan West")


def test_a_group_of_statements_becomes_one_weighing_group_decided_once(client, planner, statements, run_now):
    statement_decide(statement=statements[2], actor=planner, decision="teilweise", reason=REASON)
    earlier = group_create(procedure=statements[0].procedure, actor=planner, title="Früher", summary="Bäume",
                           statements=statements[3:5])  # fmt: skip
    group = statement_group(run_now())
    assert group.size == 10
    client.force_login(planner)

    page = client.get(reverse("overview:group", kwargs={"pk": group.pk})).content.decode()
    assert "Diese 7 Stellungnahmen kommen in die Gruppe" in page
    first = reverse("bauleitplanung:statement", args=["bplan-west", 1])
    assert first in page
    assert group.members.get(object_id=statements[0].pk).url == first  # the member list links it as well
    assert "schon in der Gruppe „Früher“" in page
    assert "schon einzeln abgewogen:" in page

    response = client.post(
        reverse("overview:group-statements", kwargs={"pk": group.pk}),
        {"title": "Massen-Einwendung Bäume", "summary": "Die Bäume sollen bleiben.", "decision": "zur_kenntnis",
         "decision_reason": REASON},
        follow=True,
    )  # fmt: skip

    assert "mit 7 Stellungnahmen angelegt" in response.content.decode()
    made = StatementGroup.objects.exclude(pk=earlier.pk).get()
    assert set(made.members.values_list("number", flat=True)) == {1, 2, 6, 7, 8, 9, 10}
    assert (made.decision, made.decided_by) == ("zur_kenntnis", planner)
    log = GroupDecisionLog.objects.get()
    assert log.action == GroupDecisionLog.Action.STATEMENT_GROUP
    assert log.actor == planner
    assert log.statement_group == made
    assert sorted(log.skipped_ids) == sorted(s.pk for s in statements[2:5])
    assert set(unweighed(statements[0].procedure).values_list("number", flat=True)) == {4, 5}  # "Früher" is open

    again = client.post(reverse("overview:group-statements", kwargs={"pk": group.pk}),
                        {"title": "Noch einmal", "summary": "x"}, follow=True)  # fmt: skip
    assert "keine zwei Stellungnahmen mehr übrig" in again.content.decode()
    assert StatementGroup.objects.count() == 2


def test_a_weighing_group_made_earlier_is_decided_from_the_overview(client, planner, statements, run_now):
    earlier = group_create(procedure=statements[0].procedure, actor=planner, title="Früher", summary="Bäume",
                           statements=statements)  # fmt: skip
    step = statements[0].step
    unlike = [
        Statement.objects.create(procedure=step.procedure, step=step, number=n, text=text, received_at=timezone.now())
        for n, text in ((20, "Die Zufahrt kreuzt den Schulweg."), (21, "Bitte mehr Spielplätze im Westen."))
    ]
    other = group_create(procedure=step.procedure, actor=planner, title="Fremd", summary="x", statements=unlike)
    group = statement_group(run_now())
    client.force_login(planner)
    url = reverse("overview:group-statements", kwargs={"pk": group.pk})
    assert "Gruppe „Früher“ abwägen" in client.get(reverse("overview:group", kwargs={"pk": group.pk})).content.decode()

    foreign = client.post(url, {"statement_group": other.pk, "decision": "zur_kenntnis", "decision_reason": REASON},
                          follow=True)  # fmt: skip
    assert "Keine Stellungnahme dieser Gruppe gehört zu dieser Gruppe." in foreign.content.decode()
    response = client.post(url, {"statement_group": earlier.pk, "decision": "teilweise", "decision_reason": REASON},
                           follow=True)  # fmt: skip

    assert "sie gilt für ihre 10 Stellungnahmen" in response.content.decode()
    earlier.refresh_from_db()
    other.refresh_from_db()
    assert (earlier.decision, earlier.decided_by, other.decision) == ("teilweise", planner, "")
    assert not unweighed(statements[0].procedure).filter(group=earlier).exists()
    assert GroupDecisionLog.objects.get().member_ids == [s.pk for s in statements]


def test_a_refused_decision_leaves_no_group_behind(client, planner, statements, run_now):
    group = statement_group(run_now())
    client.force_login(planner)

    response = client.post(
        reverse("overview:group-statements", kwargs={"pk": group.pk}),
        {"title": "Bäume", "summary": "Die Bäume bleiben.", "decision": "zur_kenntnis", "decision_reason": "kurz"},
        follow=True,
    )  # fmt: skip

    assert "Bitte begründen Sie die Entscheidung" in response.content.decode()
    assert not StatementGroup.objects.exists()
    assert not Statement.objects.filter(group__isnull=False).exists()
    assert not GroupDecisionLog.objects.exists()

    response = client.post(reverse("overview:group-statements", kwargs={"pk": group.pk}),
                           {"title": "", "summary": ""}, follow=True)  # fmt: skip
    assert "Bitte geben Sie Titel und Zusammenfassung der Gruppe an." in response.content.decode()
    assert not StatementGroup.objects.exists()


def test_only_those_who_weigh_statements_see_and_use_it(client, moderator, statements, run_now):
    group = statement_group(run_now())
    client.force_login(moderator)

    page = client.get(reverse("overview:group", kwargs={"pk": group.pk}))
    assert page.status_code == 200
    assert "Stellungnahmen einmal als Gruppe abwägen" not in page.content.decode()
    response = client.post(reverse("overview:group-statements", kwargs={"pk": group.pk}),
                           {"title": "Bäume", "summary": "Bäume"})  # fmt: skip
    assert response.status_code == 403
    assert not StatementGroup.objects.exists()


def test_a_group_of_feedback_is_weighed_once_each_entry_logged(client, planner, moderator, run_now):
    layer = LayerFactory(project=ProjectFactory(slug="radnetz", title="Radnetz"), feedback_open=True)
    feature = FeatureFactory(layer=layer)
    entries = [
        Feedback.objects.create(
            feature=feature, layer=layer, project=layer.project, author=UserFactory(), opinion="dagegen", text=text,
            location=Point(7.768, 49.444, srid=4326),
            visibility=Feedback.Visibility.PENDING if n == 0 else Feedback.Visibility.PUBLISHED,
        )
        for n, text in enumerate(copies(8, seed=8))
    ]  # fmt: skip
    group = TextGroup.objects.get(run=run_now(), scope="Vorhaben: Radnetz")
    client.force_login(moderator)
    refused = client.post(reverse("overview:group-decide", kwargs={"pk": group.pk}),
                          {"decision": "nicht_beruecksichtigt", "decision_reason": REASON})  # fmt: skip
    assert refused.status_code == 403
    client.force_login(planner)

    response = client.post(reverse("overview:group-decide", kwargs={"pk": group.pk}),
                           {"decision": "nicht_beruecksichtigt", "decision_reason": REASON}, follow=True)  # fmt: skip

    assert "Abwägung für 7 Rückmeldungen gespeichert (1 noch nicht freigegeben" in response.content.decode()
    decided = set(Feedback.objects.exclude(decision="").values_list("pk", flat=True))
    assert decided == {e.pk for e in entries[1:]}
    assert FeedbackLog.objects.filter(action=FeedbackLog.Action.DECIDE).count() == 7
    log = GroupDecisionLog.objects.get()
    assert (log.action, log.decision, log.actor) == (GroupDecisionLog.Action.FEEDBACK, "nicht_beruecksichtigt", planner)
    assert log.skipped_ids == [entries[0].pk]


def test_typical_statements_of_a_topic_are_shown_only_to_those_who_read_statements(
    client, planner, moderator, statements, run_now
):
    theme_ideas(30, "rad", seed=1)
    run_now()
    starts = [html.escape(" ".join(s.text.split())[:60]) for s in statements]

    def topics_table(user) -> str:
        client.force_login(user)
        page = client.get(reverse("overview:index")).content.decode()
        return page[page.index('id="topics-heading"') : page.index('id="hotspots-heading"')]

    assert any(start in topics_table(planner) for start in starts)
    table = topics_table(moderator)
    assert "radweg" in table.lower()
    assert not any(start in table for start in starts)


def test_a_non_ascii_digit_as_weighing_group_is_a_404_not_a_500(client, planner, statements, run_now):
    group = statement_group(run_now())
    client.force_login(planner)
    url = reverse("overview:group-statements", kwargs={"pk": group.pk})
    assert client.post(url, {"statement_group": "²", "decision": "teilweise"}).status_code == 404
