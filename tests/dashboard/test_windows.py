"""Attacker: a staff member without exact numbers (Moderation) averages many date windows to learn an exact
daily count of survey responses (issue 21, hole 2). Free windows are new cells with fresh noise each;
the fixed month windows leave nothing to average."""

import csv
import datetime
import io
import statistics

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from surveys.models import Response
from tests.factories import SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db

TARGET = datetime.date(2026, 3, 10)  # two people answered on this day
TRUTH = 2


@pytest.fixture
def daily_responses(stadtteile):
    """Stadtteil 1: one response a day from 1 March to 30 April 2026, and one more on TARGET."""
    survey = SurveyFactory()
    days = [datetime.date(2026, 3, 1) + datetime.timedelta(days=i) for i in range(61)]
    days.append(TARGET)
    Response.objects.bulk_create(
        Response(
            survey=survey, token=f"t{i}", stadtteil=stadtteile[1],
            created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
        )
        for i, day in enumerate(days)
    )  # fmt: skip
    return survey


def _responses_in_stadtteil_1(client, survey, start: datetime.date, end: datetime.date) -> int | None:
    url = reverse("dashboard:table-export", args=["gebiete", "csv"])
    response = client.get(url, {"survey": survey.pk, "date_from": start.isoformat(), "date_to": end.isoformat()})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    column = rows[0].index("Umfrage-Teilnahmen")
    (row,) = [r for r in rows[1:] if r[0] == "1"]
    return int(row[column]) if row[column] else None


def _average_of_50_windows(client, survey) -> tuple[float, set]:
    """Windows [TARGET, end] and [TARGET + 1 day, end] for 50 ends: each difference is TARGET's count plus
    the difference of two noises; their mean converges on the exact count."""
    differences, seen = [], set()
    for k in range(50):
        end = TARGET + datetime.timedelta(days=5 + k)
        with_day = _responses_in_stadtteil_1(client, survey, TARGET, end)
        without_day = _responses_in_stadtteil_1(client, survey, TARGET + datetime.timedelta(days=1), end)
        differences.append(with_day - without_day)
        seen.add((with_day, without_day))
    return statistics.mean(differences), seen


def test_averaging_50_date_windows_does_not_converge_for_a_moderator(client, daily_responses):
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    estimate, seen = _average_of_50_windows(client, daily_responses)
    assert abs(estimate - TRUTH) >= 1, f"the average of 50 windows gave away {TRUTH} (estimate {estimate})"
    # Every window is the one month of its start: the same cell, the same number, nothing new to average.
    assert len(seen) == 1


def test_planners_choose_free_windows_and_get_exact_numbers(client, daily_responses):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    assert _responses_in_stadtteil_1(client, daily_responses, TARGET, TARGET) == TRUTH
    end = TARGET + datetime.timedelta(days=9)
    assert _responses_in_stadtteil_1(client, daily_responses, TARGET, end) == 11


def test_a_moderator_gets_the_month_and_is_told_so(client, daily_responses):
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    page = client.get(reverse("dashboard:index"), {"date_from": "2026-03-10", "date_to": "2026-04-20"})
    assert "Gezeigt: März 2026" in page.content.decode()
    whole_month = _responses_in_stadtteil_1(client, daily_responses, datetime.date(2026, 3, 1),
                                            datetime.date(2026, 3, 31))  # fmt: skip
    assert _responses_in_stadtteil_1(client, daily_responses, TARGET, datetime.date(2026, 4, 20)) == whole_month
    assert abs(whole_month - 32) <= 2  # 31 days and TARGET twice, perturbed by at most 2


def test_the_trends_page_shows_weekly_responses_through_the_policy(client, daily_responses):
    """Seven responses a week are published perturbed for a moderator, exact for a planner; a week of 3 is
    withheld."""
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    weekly = client.get(reverse("dashboard:trends"), {"survey": daily_responses.pk})
    body = weekly.content.decode()
    assert "unter 6 zurückgehalten" in body
    rows = weekly.context["weekly"]["weeks"]
    assert rows[0]["week"] == datetime.date(2026, 2, 23)
    assert rows[0]["responses"] is None  # 1 March only
    assert all(r["responses"] is None or 5 <= r["responses"] <= 10 for r in rows)
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    exact = client.get(reverse("dashboard:trends"), {"survey": daily_responses.pk}).context["weekly"]["weeks"]
    assert [r["responses"] for r in exact][:3] == [1, 7, 8]


def test_a_moderator_gets_the_nearest_fixed_grid_size(client, daily_responses):
    from dashboard.filters import Filters

    assert Filters(cell_m=300).fixed().cell_m == 250
    assert Filters(cell_m=777).fixed().cell_m == 1000
    assert Filters(cell_m=2000).fixed().cell_m == 2000
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    page = client.get(reverse("dashboard:density"), {"cell": 333})
    assert "(250 m, " in page.content.decode()


def test_public_project_results_count_people_not_responses(client, stadtteile):
    """Attacker: two people answer three surveys of one project each. Counted as responses they are six,
    published as a group of at least 6; they are two people, so the cell is withheld."""
    from surveys.models import Survey
    from tests.factories import ProjectFactory

    project = ProjectFactory()
    closed = {"opens_at": timezone.now() - datetime.timedelta(days=30),
              "closes_at": timezone.now() - datetime.timedelta(days=1)}  # fmt: skip
    surveys = [SurveyFactory(project=project, results_public=True, **closed) for _ in range(3)]
    people = [UserFactory(), UserFactory()]
    for survey in surveys:
        for person in people:
            Response.objects.create(survey=survey, user=person, stadtteil=stadtteile[1])
        Response.objects.create(survey=survey, token="browser-a", stadtteil=stadtteile[2])
    assert Survey.objects.filter(project=project).count() == 3
    rows = {
        r["number"]: r for r in client.get(reverse("dashboard:project-results", args=[project.slug])).context["rows"]
    }
    assert rows[1]["responses"] is None
    assert rows[2]["responses"] is None
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    exact = {r["number"]: r for r in client.get(reverse("dashboard:index"), {"project": project.pk}).context["rows"]}
    assert (exact[1]["responses"], exact[2]["responses"]) == (2, 1)
