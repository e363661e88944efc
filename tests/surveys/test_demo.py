import pytest
from django.db.models import Count

from surveys.demo import seed_demo_surveys
from surveys.models import Answer, Response, Survey
from surveys.results import survey_results
from tests.surveys.test_rollups import assert_equal as assert_rollups_equal_raw_counts

pytestmark = pytest.mark.django_db


def test_demo_surveys_are_idempotent_marked_and_spread_over_the_stadtteile():
    seed_demo_surveys({})
    first = Response.objects.count()
    seed_demo_surveys({})
    assert Response.objects.count() == first
    assert 3000 < first < 6000

    surveys = {s.slug: s for s in Survey.objects.all()}
    assert set(surveys) == {
        "demo-angstraeume", "demo-hitzeorte", "demo-abstimmung-stiftsplatz", "demo-nahversorgung"
    }  # fmt: skip
    assert all(s.is_demo for s in surveys.values())
    assert surveys["demo-angstraeume"].is_closed()
    assert surveys["demo-angstraeume"].results_public
    assert surveys["demo-hitzeorte"].is_open()
    assert surveys["demo-abstimmung-stiftsplatz"].is_poll

    assert not Response.objects.filter(stadtteil__isnull=True).exists()
    assert not Answer.objects.filter(geom__isnull=False, stadtteil__isnull=True).exists()
    assert_rollups_equal_raw_counts()  # the generator writes Stadtteile with the rows, past the triggers' update path
    per_stadtteil = (
        Response.objects.filter(survey=surveys["demo-angstraeume"]).values("stadtteil").annotate(n=Count("id"))
    )
    assert len(per_stadtteil) == 18

    results = survey_results(surveys["demo-angstraeume"], exact=True)
    assert results[0]["grid"]["features"]
    assert sum(c["count"] for c in results[2]["choices"]) == results[2]["n"]  # single choice: one each

    # Multiple choice: respondents differ (not everyone the same three), shares between 0 and 100 %.
    why = survey_results(surveys["demo-angstraeume"])[3]
    assert all(0.05 < c["share"] < 0.8 for c in why["choices"])
    patterns = (
        Answer.objects.filter(question_id=why["id"])
        .annotate(k=Count("selected"))
        .values_list("k", flat=True)
        .distinct()
    )
    assert len(set(patterns)) >= 3

    shops = survey_results(surveys["demo-nahversorgung"])
    assert shops[0]["perturbed"]
    assert not shops[0]["suppressed"]
    rows = shops[0]["stadtteile"]
    assert any(r["suppressed"] for r in rows)
    assert any(r.get("perturbed") for r in rows)


def test_the_stiftsplatz_poll_belongs_to_the_stiftsplatz_project_and_hitzeorte_to_the_whole_city():
    from tests.factories import ProjectFactory

    ProjectFactory(slug="demo-radverkehrsnetz", is_demo=True)  # the first demo project, where both used to land
    stiftsplatz = ProjectFactory(slug="demo-stiftsplatz", is_demo=True)
    seed_demo_surveys({})
    assert Survey.objects.get(slug="demo-abstimmung-stiftsplatz").project == stiftsplatz
    assert Survey.objects.get(slug="demo-hitzeorte").project is None
