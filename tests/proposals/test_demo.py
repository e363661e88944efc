import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from layers.models import Project
from proposals.models import ClusterCell, Idea, StatusChange
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_seed_spreads_demo_ideas_over_the_stadtteile_and_is_idempotent(stadtteile):
    area = stadtteile[1].geom.buffer(-0.001)
    ProjectFactory(is_demo=True, area=area, moderation=Project.Moderation.POST)
    call_command("seed", ideas=400, verbosity=0)
    ideas = Idea.objects.filter(is_demo=True)
    assert ideas.count() == 400
    per_stadtteil = dict(ideas.values_list("stadtteil__number").annotate(n=Count("id")))
    assert set(per_stadtteil) == set(range(1, 19))  # every Stadtteil has some
    assert ideas.filter(location__intersects=F("stadtteil__geom")).count() == 400  # the district of its point
    assert ideas.filter(project__isnull=False).count() > 0
    published = ideas.filter(visibility=Idea.Visibility.PUBLISHED).count()
    assert sum(ClusterCell.objects.filter(zoom=10).values_list("count", flat=True)) == published
    # Believable dates (issue #23, item 4): nothing written, published or answered after the seed ran.
    now = timezone.now()
    for field in ("created_at", "published_at", "answered_at"):
        assert not ideas.filter(**{f"{field}__gt": now}).exists(), field
    assert ideas.filter(answered_at__isnull=False).exists()
    assert not StatusChange.objects.filter(idea__is_demo=True, created_at__gt=now).exists()
    first = set(ideas.values_list("title", "stadtteil_id"))
    call_command("seed", ideas=400, verbosity=0)
    assert set(Idea.objects.filter(is_demo=True).values_list("title", "stadtteil_id")) == first
