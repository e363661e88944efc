"""The staff start page (/verwaltung/) links every staff tool the person's role opens, per project where the
tool is per project (issue #23, item 7). Which tools a role opens is asked from the tools themselves: each staff
page is fetched as that role, and the start page must link exactly those that answer 200."""

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from bauleitplanung.models import Procedure
from tests.factories import ProjectFactory, UserFactory


def staff_tools(project: str, plan: str) -> list[str]:
    """Every staff page (GET) of the URLconf that is a way into a tool; pages reached only from inside a tool
    (one survey's questions, one statement, one topic group) are left to that tool."""
    return [
        "/ideen/moderation/", "/umfragen/verwalten/", "/umfragen/verwalten/neu/", "/vorhaben/neu/",
        f"/vorhaben/{project}/bearbeiten/", f"/vorhaben/{project}/phasen/neu/", f"/vorhaben/{project}/dokumente/neu/",
        f"/vorhaben/{project}/neuigkeiten/neu/", f"/vorhaben/{project}/ebenen/import/",
        f"/vorhaben/{project}/abwaegung/",
        f"/vorhaben/{plan}/stellungnahmen/", f"/vorhaben/{plan}/behoerden/", f"/vorhaben/{plan}/verfahrensschritte/",
        f"/vorhaben/{plan}/plan-hochladen/", "/benachrichtigungen/statistik/", "/auswertung/", "/auswertung/dichte/",
        "/auswertung/verlauf/", "/auswertung/themen/", "/verwaltung/kontakt/", "/verwaltung/seiten/",
        "/verwaltung/gebaerdensprache/",
    ]  # fmt: skip


@pytest.mark.parametrize("role", list(Role))
def test_the_staff_start_page_links_every_tool_the_role_opens(client, reference_data, role):
    project = ProjectFactory(slug="stiftsplatz")
    plan = ProjectFactory(slug="bplan")
    Procedure.objects.create(project=plan, last_number=0)
    client.force_login(UserFactory(roles=[role]))
    start = client.get(reverse("staff-start"))
    assert start.status_code == 200
    links = set(re.findall(r'href="([^"]+)"', start.content.decode().split("<main", 1)[1]))
    opened, refused, missing, extra = [], [], [], []
    for url in staff_tools(project.slug, plan.slug):
        status = client.get(url).status_code
        assert status in (200, 403), f"{url}: {status}"
        (opened if status == 200 else refused).append(url)
        if status == 200 and url not in links:
            missing.append(url)
        if status == 403 and url in links:
            extra.append(url)
    assert opened, role
    assert missing == [], f"{role}: the start page does not link {missing}"
    assert extra == [], f"{role}: the start page links tools the role may not open: {extra}"
