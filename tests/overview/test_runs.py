import random
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from geo.models import Stadtteil
from overview import selectors, services, testset, topics
from overview.models import Run, TextGroup, Topic
from overview.tasks import overview_refresh
from tests.factories import IdeaFactory, UserFactory
from tests.overview.conftest import theme_ideas

pytestmark = pytest.mark.django_db


def test_a_campaign_of_200_edited_ideas_is_one_group_with_its_diffs(
    client, planner, django_capture_on_commit_callbacks
):
    rng = random.Random(3)
    template = testset.make_template(rng)
    copies = [
        IdeaFactory(title="Einwendung", description=testset.edited_copy(rng, template)[:4000]) for _ in range(200)
    ]
    theme_ideas(30, "rad")

    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_request(requested_by=planner)
    run.refresh_from_db()

    assert run.state == Run.State.DONE
    assert run.texts == 230
    group = TextGroup.objects.get(run=run, size__gte=190)
    assert TextGroup.objects.filter(run=run, size__gte=20).count() == 1
    assert set(group.members.values_list("object_id", flat=True)) <= {idea.pk for idea in copies}
    client.force_login(planner)
    page = client.get(reverse("overview:group", kwargs={"pk": group.pk}))
    assert page.status_code == 200
    assert template["body"][0][0] in page.content.decode()
    assert "ergänzt:" in page.content.decode()  # each copy's own sentences and signature


def test_a_rename_survives_a_recomputation(client, planner, run_now, two_themes):
    first = run_now()
    bike = next(t for t in Topic.objects.filter(run=first) if "radweg" in t.keywords)
    client.force_login(planner)
    client.post(reverse("overview:topic-edit", kwargs={"pk": bike.pk}), {"name": "Radverkehr"})

    theme_ideas(5, "rad", seed=9)
    second = run_now()

    assert second.pk != first.pk
    assert not Run.objects.filter(pk=first.pk).exists()
    renamed = [t for t in Topic.objects.filter(run=second) if t.name == "Radverkehr"]
    assert len(renamed) == 1
    assert {"radweg", "radwege", "radfahrer", "radspur"} & set(renamed[0].keywords)
    assert not {"bäume", "baum"} & set(renamed[0].keywords)
    assert "Radverkehr" in client.get(reverse("overview:index")).content.decode()


def test_a_merge_survives_a_recomputation(client, planner, run_now, two_themes):
    first = run_now()
    bike = next(t for t in Topic.objects.filter(run=first) if "radweg" in t.keywords)
    trees = next(t for t in Topic.objects.filter(run=first) if t.pk != bike.pk)
    client.force_login(planner)
    client.post(reverse("overview:topic-edit", kwargs={"pk": trees.pk}), {"merge_into": bike.pk})

    second = run_now()

    views = selectors.topic_views(run=second)
    assert len(views) == Topic.objects.filter(run=second).count() - 1
    assert views[0].size == Topic.objects.filter(run=second).values_list("size", flat=True)[0] + sum(
        t.size for t in views[0].merged
    )


def test_a_withheld_stadtteil_stays_withheld_in_the_public_topic_view(client, run_now):
    few, many = Stadtteil.objects.get(number=2), Stadtteil.objects.get(number=1)
    theme_ideas(3, "rad", seed=1, stadtteil=few)  # three people: below geo.disclosure.SHOWN_FROM
    theme_ideas(30, "rad", seed=2, stadtteil=many)
    theme_ideas(30, "baum", seed=3, stadtteil=many)
    run_now()

    run = Run.objects.get(state=Run.State.DONE)
    published = selectors.public_topics(run=run)
    assert published
    for topic in published:
        cells = {row["number"]: row["cell"] for row in topic["stadtteile"]}
        assert cells[2].count is None
        assert cells[2].suppressed
    assert any(
        {row["number"]: row["cell"] for row in t["stadtteile"]}[1].count for t in published
    )  # the busy Stadtteil is shown
    page = client.get(reverse("overview:public")).content.decode()
    rows = re.findall(rf'<th scope="row">{re.escape(few.name)}</th><td>(.*?)</td>', page)
    assert rows
    assert all("wenige" in r and not re.search(r"\d", r) for r in rows)


def test_a_failed_run_says_so_and_can_be_run_again(client, planner, monkeypatch, django_capture_on_commit_callbacks):
    theme_ideas(20, "rad")

    def broken(*args, **kwargs):
        raise MemoryError("zu wenig Speicher")

    monkeypatch.setattr(topics, "find_topics", broken)
    with django_capture_on_commit_callbacks(execute=True):
        failed = services.run_request()
    failed.refresh_from_db()
    assert failed.state == Run.State.FAILED
    assert "zu wenig Speicher" in failed.error
    client.force_login(planner)
    page = client.get(reverse("overview:index")).content.decode()
    assert "fehlgeschlagen" in page
    assert "Erneut ausführen" in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("overview:run-start"))
    assert Run.objects.order_by("-created_at").first().state == Run.State.DONE


def test_a_run_lost_by_its_worker_shows_as_lost_not_running(client, planner, django_capture_on_commit_callbacks):
    # A worker restarted: the row stays "running". After Run.STALE a new run may start (services.active_run);
    # the page said "läuft" forever all the same, as the Abwägungstabelle's PDF did (edge.jobs: one rule).
    lost = Run.objects.create(state=Run.State.RUNNING, stage="Themen", progress=40)
    client.force_login(planner)
    assert "Die Auswertung läuft" in client.get(reverse("overview:index")).content.decode()
    Run.objects.filter(pk=lost.pk).update(created_at=timezone.now() - Run.STALE - timedelta(minutes=1))
    assert "Die Auswertung läuft" not in client.get(reverse("overview:index")).content.decode()
    theme_ideas(20, "rad")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("overview:run-start"))
    assert Run.objects.order_by("-created_at").first().state == Run.State.DONE


def test_a_run_that_waited_in_the_queue_is_not_lost_once_a_worker_starts_it(client, planner):
    # The worker was down for longer than Run.STALE: the run it takes now is running, not lost, and blocks another.
    long_ago = timezone.now() - Run.STALE - timedelta(minutes=10)
    waited = Run.objects.create(state=Run.State.RUNNING, stage="Themen", progress=40, started_at=timezone.now())
    Run.objects.filter(pk=waited.pk).update(created_at=long_ago)
    client.force_login(planner)
    assert "Die Auswertung läuft" in client.get(reverse("overview:index")).content.decode()
    with pytest.raises(services.RunBusyError):
        services.run_request(requested_by=planner)
    Run.objects.filter(pk=waited.pk).update(started_at=long_ago)  # running for longer than Run.STALE: lost
    assert "Die Auswertung läuft" not in client.get(reverse("overview:index")).content.decode()
    assert services.active_run() is None


def test_hostile_texts_end_in_a_finished_run(client, planner, run_now):
    for description in [
        "",
        "🚲🚲🚲",
        "1234 5678",
        "Rad\x01weg\x07\u202e",
        "Radweg " * 20_000,
        "Это идея на русском языке",
    ]:
        IdeaFactory(title="?", description=description)
    run = run_now()
    assert run.texts == 6
    assert run.too_short >= 4
    client.force_login(planner)
    assert client.get(reverse("overview:index")).status_code == 200


def test_the_periodic_job_runs_only_after_new_contributions(django_capture_on_commit_callbacks):
    theme_ideas(5, "rad")
    with django_capture_on_commit_callbacks(execute=True):
        assert overview_refresh.delay().get() == "queued"
    assert overview_refresh.delay().get() == "unchanged"
    theme_ideas(1, "baum")
    with django_capture_on_commit_callbacks(execute=True):
        assert overview_refresh.delay().get() == "queued"
    assert Run.objects.filter(state=Run.State.DONE).count() == 1  # older results are replaced


def test_who_may_see_and_start(client, moderator, planner):
    citizen = UserFactory()
    client.force_login(citizen)
    assert client.get(reverse("overview:index")).status_code == 403
    client.force_login(moderator)
    assert client.get(reverse("overview:index")).status_code == 200
    assert client.post(reverse("overview:run-start")).status_code == 403
    client.force_login(planner)
    assert client.post(reverse("overview:run-start")).status_code == 302
    assert Run.objects.count() == 1
    assert reverse("overview:index") in client.get(reverse("staff-start")).content.decode()


def test_located_ideas_close_together_are_a_hot_spot_on_the_staff_map(client, planner, run_now):
    from django.contrib.gis.geos import Point

    from overview.models import HotSpot

    stiftsplatz = Point(7.7689, 49.4447, srid=4326)
    wish = "Mehr Bänke und Schatten am Stiftsplatz, bitte Sitzbänke aufstellen."
    near = [
        IdeaFactory(
            title="Bank", description=wish, location=Point(stiftsplatz.x + i * 0.0001, stiftsplatz.y, srid=4326)
        )
        for i in range(10)
    ]
    IdeaFactory(title="Weit weg", description="Ein einzelner Wunsch am Stadtrand.", location=Point(7.70, 49.40))
    run = run_now()

    spot = HotSpot.objects.get(run=run)
    assert spot.size == 10
    assert {m["id"] for m in spot.members} == {idea.pk for idea in near}
    assert "bänke" in spot.keywords or "sitzbänke" in spot.keywords
    assert spot.center.distance(stiftsplatz) < 0.001
    client.force_login(planner)
    page = client.get(reverse("overview:index")).content.decode()
    assert "hotspot-list" in page
    assert "L.circle" in page  # the folium map, drawn with the site's own Leaflet
