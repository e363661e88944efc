"""The demo feedback on the demo cycle network: believable, located, partly weighed, idempotent."""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from feedback import demo
from feedback.models import Feedback
from layers import demo as layers_demo
from layers.models import Project


def test_demo_feedback_on_the_cycle_network(db):
    layers_demo.seed({})
    assert demo.seed({}) == f"{demo.ENTRIES} Demo-Rückmeldungen zum Radverkehrsnetz, 100 abgewogen."
    project = Project.objects.get(slug=demo.PROJECT)
    rows = Feedback.objects.filter(project=project)
    assert rows.count() == demo.ENTRIES
    assert project.layers.filter(feedback_open=False).count() == 0
    # Every entry lies in the city, within the allowed distance of its segment, during the participation phase.
    assert not rows.filter(stadtteil__isnull=True).exists()
    with_point = rows.filter(point_given=True)
    assert 80 < with_point.count() < 180
    assert rows.filter(created_at__lt=timezone.now() - timedelta(days=10, minutes=1)).count() == 0
    assert rows.exclude(public_decision="").count() > 40
    now = timezone.now()  # no date after the seed ran (issue #23, item 4)
    assert not rows.filter(created_at__gt=now).exists()
    assert not rows.filter(decided_at__gt=now).exists()
    assert rows.values("feature").annotate(n=Count("pk")).order_by("n").first()["n"] >= 5
    assert demo.seed({}) == f"{demo.ENTRIES} Demo-Rückmeldungen sind schon da."
