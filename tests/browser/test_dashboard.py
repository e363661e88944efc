"""A staff member filters the dashboard by project and category, the map and the table agree, CSV download."""

import csv
import io

from accounts.roles import Role
from geo.models import Stadtteil
from proposals.models import Category
from tests.browser.conftest import serious_violations, sign_in
from tests.conftest import ensure_migrated_data
from tests.factories import IdeaFactory, ProjectFactory, UserFactory


def test_staff_filters_by_project_and_category(page, live_server):
    ensure_migrated_data()
    gruen, _ = Category.objects.get_or_create(slug="gruen", defaults={"name": "Grün und Umwelt"})
    verkehr, _ = Category.objects.get_or_create(slug="verkehr", defaults={"name": "Verkehr"})
    project = ProjectFactory(title="Stiftsplatz")
    other = ProjectFactory(title="Anderes Vorhaben")
    stadtteile = {s.number: s for s in Stadtteil.objects.all()}
    author = UserFactory()
    # in the project, gruen: 3 in Stadtteil 1, 1 in Stadtteil 7; noise in other categories and projects
    for number, count, category, proj in [(1, 3, gruen, project), (7, 1, gruen, project), (1, 2, verkehr, project),
                                          (4, 4, gruen, other)]:  # fmt: skip
        for _i in range(count):
            IdeaFactory(stadtteil=stadtteile[number], category=category, project=proj, author=author)
    sign_in(page.context, live_server, UserFactory(roles=[Role.MODERATOR]))

    page.goto(f"{live_server.url}/auswertung/")
    page.get_by_label("Vorhaben").select_option(label="Stiftsplatz")
    page.get_by_label("Kategorie").select_option(label="Grün und Umwelt")
    page.get_by_role("button", name="Anwenden").click()
    page.wait_for_selector(".leaflet-overlay-pane path")

    table = {}
    for row in page.locator("#district-table tbody tr").all():
        district = row.get_attribute("data-district")
        table[district] = {
            "ideas": int(row.locator('td[data-key="ideas"]').inner_text()),
            "color": row.get_attribute("data-color"),
            "name": row.locator("th").inner_text().strip(),
        }
    assert len(table) == 18
    by_name = {v["name"]: v for v in table.values()}
    assert by_name[stadtteile[1].name]["ideas"] == 3
    assert by_name[stadtteile[7].name]["ideas"] == 1
    assert by_name[stadtteile[4].name]["ideas"] == 0
    # the map (folium's GeoJSON layer) fills every district with its table row's colour and shows the same number
    drawn = page.evaluate(
        """() => {
            const out = {};
            const layers = Object.keys(window).filter((k) => k.startsWith("geo_json_") && window[k].eachLayer);
            for (const key of layers) {
                window[key].eachLayer((layer) => {
                    const p = layer.feature.properties;
                    out[p.district_id] = {fill: layer.options.fillColor, value: p.value, name: p.name};
                });
            }
            return out;
        }"""
    )
    assert len(drawn) == 18
    for district, row in table.items():
        assert drawn[district]["fill"] == row["color"], row["name"]
        assert drawn[district]["value"] == str(row["ideas"]), row["name"]
        assert drawn[district]["name"] == row["name"]
    fills = {d["fill"] for d in drawn.values()}
    assert (
        set(page.locator(".leaflet-overlay-pane path").evaluate_all("ps => ps.map(p => p.getAttribute('fill'))"))
        == fills
    )

    with page.expect_download() as download_info:
        page.locator(".exports").nth(1).get_by_role("link", name="CSV").click()
    path = download_info.value.path()
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    csv_ideas = {r[1]: int(r[3]) for r in rows[1:]}
    assert csv_ideas == {v["name"]: v["ideas"] for v in table.values()}

    assert serious_violations(page) == []

    # the other views and the public results page pass axe too
    for path in ["/auswertung/dichte/?shape=hexagon", "/auswertung/verlauf/", f"/ergebnisse/vorhaben/{project.slug}/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_selector(".leaflet-container, #trend-table")
        assert serious_violations(page) == [], path
