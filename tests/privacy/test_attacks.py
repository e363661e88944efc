"""The attacker: every public aggregate endpoint and page, every variant it offers, subtraction across
levels, variants, grid vs districts and time. It must pin down no group of 1-4 people; against the staff
view (exact numbers) the same attacks do, which shows they are real."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from geo.disclosure import SHOWN_FROM
from layers.models import Project
from surveys.models import Question
from surveys.services import response_submit
from tests.factories import ChoiceFactory, ProjectFactory, QuestionFactory, SurveyFactory, UserFactory
from tests.privacy.attacker import UNKNOWN, hidden_part, pinned, pins_small_group, propagate

pytestmark = pytest.mark.django_db

# (Stadtteil, verified respondents, anonymous ones, choices of the verified, choices of the anonymous)
PEOPLE = [
    (1, 6, 3, "jjjjnn", "nnn"),  # all minus verified: 3 anonymous, who all said "nein"
    (2, 3, 0, "jjn", ""),  # suppressed; the Innenstadt minus Stadtteil 1 would give it
    (10, 5, 2, "jjjjj", "jn"),
    (16, 0, 4, "", "jjnn"),  # a small outer Stadtteil (and Ortsbezirk)
]


@pytest.fixture
def survey(stadtteile):
    project = ProjectFactory()
    survey = SurveyFactory(project=project, access="anonymous", district_sources=["map"], is_poll=False)
    vote = QuestionFactory(survey=survey, order=1, text="Mehr Bäume?")
    ja, nein = ChoiceFactory(question=vote, text="ja", order=1), ChoiceFactory(question=vote, text="nein", order=2)
    where = QuestionFactory(survey=survey, order=2, kind=Question.Kind.POINT, text="Wo?")
    token = 0
    for number, verified, anonymous, chose, chose_anonymously in PEOPLE:
        point = {"type": "Point", "coordinates": list(stadtteile[number].label_point.coords)}
        for i in range(verified + anonymous):
            letter = (chose + chose_anonymously)[i]
            answers = {str(vote.pk): (ja if letter == "j" else nein).pk, str(where.pk): point}
            if i < verified:
                response_submit(survey=survey, user=UserFactory(), answers=answers)
            else:
                token += 1
                response_submit(survey=survey, token=f"anonym-{token}", answers=answers)
    survey.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    survey.save()
    survey.parts = {"vote": vote, "where": where, "ja": ja, "nein": nein, "project": project}
    return survey


def members(stadtteile) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for s in stadtteile.values():
        found.setdefault(s.ortsbezirk.slug, []).append(s.number)
    return found


def cells_of(question: dict) -> dict[tuple, int | None]:
    """Every published count of a question: (level, district, choice or None) -> count."""
    cells = {("city", None, None): question["n"]}
    for choice in question.get("choices", []):
        cells[("city", None, choice["id"])] = choice["count"]
    for level, key in (("stadtteil", "number"), ("ortsbezirk", "slug")):
        for row in question.get(f"{level}e", []):
            cells[(level, row[key], None)] = row["n"]
            for choice in row.get("choices", []):
                cells[(level, row[key], choice["id"])] = choice["count"]
    return cells


def level_attacks(cells: dict, groups: dict[str, list[int]]) -> list:
    """Parent minus its other children, for every child: Ortsbezirk/Stadtteile, city/Ortsbezirke,
    city/Stadtteile, per choice too."""
    pinned = []
    choices = {c for _l, _d, c in cells}
    for choice in choices:
        families = [(("ortsbezirk", slug, choice), [("stadtteil", n, choice) for n in numbers])
                    for slug, numbers in groups.items()]  # fmt: skip
        families.append((("city", None, choice), [("ortsbezirk", slug, choice) for slug in groups]))
        families.append((("city", None, choice), [k for k in cells if k[0] == "stadtteil" and k[2] == choice]))
        for parent, children in families:
            if parent not in cells or any(c not in cells for c in children):
                continue
            for target in children:
                others = [cells[c] for c in children if c != target]
                found = hidden_part(cells[parent], others, cells[target])
                if pins_small_group(found):
                    pinned.append((parent, target, found))
    return pinned


def variant_attacks(bigger: dict, smaller: dict) -> list:
    """The same cell in two variants (all vs verified, district vs grid cell): the difference."""
    pinned = []
    for key, value in bigger.items():
        if key in smaller:
            found = hidden_part(value, [smaller[key]], UNKNOWN)
            if pins_small_group(found):
                pinned.append((key, found))
    return pinned


def api(client, survey, **params) -> dict:
    response = client.get(f"/api/v1/surveys/{survey.pk}/results/", params)
    assert response.status_code == 200
    return response.json()


def page(client, survey, **params) -> list[dict]:
    response = client.get(f"/umfragen/{survey.slug}/ergebnisse/", params)
    assert response.status_code == 200
    return response.context["results"]


def everything_at_once(question: dict, verified_question: dict, groups: dict[str, list[int]], *, exact=False) -> dict:
    """Every number of one question in both variants, every sum a reader knows holds between them (levels,
    choices of a single-choice question, everyone = verified + unverified), propagated together."""
    everyone, verified = cells_of(question), cells_of(verified_question)
    published = {("all", *k): v for k, v in everyone.items()} | {("verified", *k): v for k, v in verified.items()}
    if "n_unverified" in question:
        published[("unverified", "city", None, None)] = question["n_unverified"]
    sums = []
    choices = {c for _l, _d, c in everyone}
    for variant in ("all", "verified", "unverified"):
        for choice in choices:
            stadtteile = [(variant, "stadtteil", n, choice) for numbers in groups.values() for n in numbers]
            ortsbezirke = [(variant, "ortsbezirk", slug, choice) for slug in groups]
            sums += [((variant, "city", None, choice), stadtteile), ((variant, "city", None, choice), ortsbezirke)]
            sums += [((variant, "ortsbezirk", slug, choice), [(variant, "stadtteil", n, choice) for n in numbers])
                     for slug, numbers in groups.items()]  # fmt: skip
        if len(choices) > 1:
            places = {(level, district) for level, district, _c in everyone}
            sums += [((variant, *where, None), [(variant, *where, c) for c in choices if c is not None])
                     for where in places]  # fmt: skip
    sums += [(("all", *k), [("verified", *k), ("unverified", *k)]) for k in everyone]
    return propagate(published, sums, exact=exact)


def test_results_api_and_page_resist_subtraction(client, survey, stadtteile):
    groups = members(stadtteile)
    views = {
        "api": api(client, survey)["questions"],
        "api verified": api(client, survey, verified="true")["questions"],
        "page": page(client, survey),
        "page verified": page(client, survey, nur_bestaetigt="1"),
    }
    assert views["api"] == views["page"]
    assert views["api verified"] == views["page verified"]
    for name, questions in views.items():
        for question in questions:
            assert not level_attacks(cells_of(question), groups), name
            assert "min" not in question.get("stats", {})
            assert "max" not in question.get("stats", {})
    for everyone, verified in zip(views["api"], views["api verified"], strict=True):
        assert not variant_attacks(cells_of(everyone), cells_of(verified))
        if "stadtteile" in everyone:  # everything at once: levels, choices and both variants together
            bounds = everything_at_once(everyone, verified, groups)
            assert not pinned(bounds), pinned(bounds)
    # The disclosure is stated, and every number is marked.
    body = api(client, survey)
    assert body["disclosure"]["method"] == "cell-key"
    assert body["disclosure"]["min_group"] == 5
    for row in body["questions"][0]["stadtteile"]:
        assert row["suppressed"] is (row["n"] is None)
        assert row["perturbed"] is bool(row["n"])


def test_grid_against_districts(client, survey, stadtteile):
    where = api(client, survey)["questions"][1]
    by_number = {row["number"]: row["n"] for row in where["stadtteile"]}
    for feature in where["grid"]["features"]:
        count = feature["properties"]["count"]
        assert count >= SHOWN_FROM
        assert feature["properties"]["perturbed"] is True
        for number, n in by_number.items():
            # District minus the cell: people in the district but outside the cell.
            found = hidden_part(n, [count], UNKNOWN)
            assert not pins_small_group(found), number
    # Stadtteil 16's four people marked one place: neither the cell nor its outline is published.
    assert len(where["grid"]["features"]) == 2  # Stadtteile 1 and 10 only


def test_staff_numbers_are_exact_and_would_be_attackable(client, survey, stadtteile):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    everyone = api(client, survey)
    verified = api(client, survey, verified="true")
    assert everyone["disclosure"]["method"] == "exact"
    assert everyone["questions"][0]["exact"] is True
    cells = cells_of(everyone["questions"][0])
    assert cells[("stadtteil", 2, None)] == 3
    exact_pins = [
        (key, found) for key, value in cells.items()
        if pins_small_group(found := hidden_part(value, [cells_of(verified["questions"][0])[key]], UNKNOWN, exact=True))
    ]  # fmt: skip
    assert exact_pins  # e.g. Stadtteil 1: 9 - 6 = 3 anonymous
    assert pinned(
        everything_at_once(everyone["questions"][0], verified["questions"][0], members(stadtteile), exact=True)
    )


def test_dashboard_public_results_every_level(client, survey, stadtteile):
    groups = members(stadtteile)
    project = survey.parts["project"]
    for url in (f"/ergebnisse/umfragen/{survey.slug}/", f"/ergebnisse/vorhaben/{project.slug}/"):
        by_level = {}
        for level in ("stadtteil", "ortsbezirk"):
            response = client.get(url, {"level": level})
            assert response.status_code == 200
            by_level[level] = response.context["rows"]
        cells: dict[tuple, int | None] = {}
        for row in by_level["stadtteil"]:
            cells[("stadtteil", row["number"], None)] = row["responses"]
            assert row["responses"] not in (1, 2, 3, 4)
        slugs = {row["id"]: row["slug"] for row in by_level["ortsbezirk"]}
        for row in by_level["ortsbezirk"]:
            cells[("ortsbezirk", slugs[row["id"]], None)] = row["responses"]
        assert not level_attacks(cells, groups)
        if "vorhaben" in url:
            continue
        # the page and the results API count the same people: same people, same number
        api_rows = {r["number"]: r["n"] for r in api(client, survey)["questions"][0]["stadtteile"]}
        assert api_rows[10] == cells[("stadtteil", 10, None)]


def test_time_a_poll_shows_nothing_while_open_and_stays_put_when_closed(client, survey, stadtteile):
    survey.closes_at = timezone.now() + timezone.timedelta(days=1)
    survey.is_poll = True
    survey.save()
    voter = UserFactory()
    before = client.get(Project.objects.get(pk=survey.parts["project"].pk).get_absolute_url()).content.decode()
    point = {"type": "Point", "coordinates": list(stadtteile[3].label_point.coords)}
    answers = {str(survey.parts["vote"].pk): survey.parts["ja"].pk, str(survey.parts["where"].pk): point}
    response_submit(survey=survey, user=voter, answers=answers)
    client.force_login(voter)
    after = client.get(survey.parts["project"].get_absolute_url()).content.decode()
    for html in (before, after):
        assert "Ergebnis nach" not in html  # no live counts to compare around one vote
    assert client.get(f"/api/v1/surveys/{survey.pk}/results/").status_code == 403
    survey.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    survey.save()
    client.logout()
    first, second = api(client, survey), api(client, survey)
    assert first == second  # reading again gives nothing new to average
    panel = client.get(survey.parts["project"].get_absolute_url()).content.decode()
    assert "Ergebnis nach" in panel
