"""The idea rollup (kept by a trigger) equals the raw counts after every kind of write."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.services import account_delete
from layers.models import Project
from proposals import services
from proposals.models import Category, Idea, IdeaRollup, IdeaWeekRollup
from tests.factories import IdeaFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

RAW = """
SELECT (created_at AT TIME ZONE 'Europe/Berlin')::date, category_id, stadtteil_id, status, project_id, visibility,
       count(*)
FROM proposals_idea GROUP BY 1, 2, 3, 4, 5, 6
"""


def raw() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(RAW)
        return set(cursor.fetchall())


def rolled() -> set[tuple]:
    rows = IdeaRollup.objects.exclude(count=0).values_list(
        "day", "category_id", "stadtteil_id", "status", "project_id", "visibility", "count"
    )
    return set(rows)


WEEKS_RAW = """
SELECT date_trunc('week', created_at AT TIME ZONE 'Europe/Berlin')::date, category_id, stadtteil_id, visibility,
       count(*)
FROM proposals_idea GROUP BY 1, 2, 3, 4
"""


def weeks_raw() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(WEEKS_RAW)
        return set(cursor.fetchall())


def weeks_rolled() -> set[tuple]:
    rows = IdeaWeekRollup.objects.exclude(count=0)
    return set(rows.values_list("week", "category_id", "stadtteil_id", "visibility", "count"))


def assert_equal() -> None:
    assert rolled() == raw()
    assert weeks_rolled() == weeks_raw()


def create(author, stadtteil, **kwargs) -> Idea:
    return services.idea_create(
        author=author,
        title="Mehr Bäume am Stiftsplatz",
        description="Im Sommer ist es hier viel zu heiß.",
        category=kwargs.pop("category", Category.objects.get(slug="gruen")),
        location=stadtteil.label_point,
        **kwargs,
    )


def test_rollup_equals_raw_counts_after_every_kind_of_write(stadtteile, moderator, city_admin):
    author = UserFactory()
    pre = ProjectFactory(moderation=Project.Moderation.PRE)
    post = ProjectFactory(moderation=Project.Moderation.POST)

    published = create(author, stadtteile[1], project=post)
    pending = [create(author, stadtteile[n], project=pre) for n in (1, 2, 14)]
    assert_equal()
    assert sum(row[-1] for row in rolled()) == 4

    services.idea_approve(idea=pending[0], actor=moderator)
    assert_equal()
    services.idea_reject(idea=pending[1], actor=moderator, reason="Keine Idee für diese Stadt.")
    assert_equal()
    services.idea_hide(idea=published, actor=moderator, reason="Beleidigend gegenüber Nachbarn.")
    assert_equal()
    services.ideas_moderate(ideas=[pending[2]], actor=moderator, action="approve")
    assert_equal()
    services.idea_set_status(idea=pending[0], actor=city_admin, status=Idea.Status.ACCEPTED, answer="Wir pflanzen.")
    assert_equal()

    # A support changes no counted column and leaves the rollup as it was.
    before = rolled()
    services.support_add(idea=pending[0], user=UserFactory())
    assert rolled() == before

    # Admin-style edits: another category, another day.
    Idea.objects.filter(pk=pending[2].pk).update(category=Category.objects.get(slug="verkehr"))
    assert_equal()
    idea = Idea.objects.get(pk=pending[2].pk)
    idea.created_at -= datetime.timedelta(days=3)
    idea.save()
    assert_equal()

    # Deleting an idea, and a project (its ideas move to "no project").
    Idea.objects.get(pk=pending[1].pk).delete()
    assert_equal()
    pre.delete()
    assert_equal()
    assert Idea.objects.filter(project=None).count() == 2

    # Erasing the account: the ideas stay with the anonymised account and are still counted.
    account_delete(user=author)
    assert_equal()
    assert sum(row[-1] for row in rolled()) == 3

    # Bulk writes as the seeder makes them.
    IdeaFactory.create_batch(3, stadtteil=stadtteile[5])
    Idea.objects.filter(stadtteil=stadtteile[5]).delete()
    assert_equal()


def test_rebuild_command_recounts_a_damaged_rollup(stadtteile):
    IdeaFactory.create_batch(2, stadtteil=stadtteile[3])
    IdeaRollup.objects.update(count=99)
    IdeaWeekRollup.objects.update(count=98)
    IdeaRollup.objects.create(
        day=datetime.date(2020, 1, 1), category_id=1, stadtteil_id=1, status="x", visibility="published", count=5
    )
    assert rolled() != raw()
    assert weeks_rolled() != weeks_raw()
    out = io.StringIO()
    call_command("rollups_rebuild", stdout=out)
    assert "rollup rows" in out.getvalue()
    assert_equal()
    assert sum(row[-1] for row in rolled()) == 2
