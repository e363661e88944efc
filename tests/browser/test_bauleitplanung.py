"""The formal procedure end to end in Chromium: a resident without an account submits a statement by keyboard
alone (with a place set by the map's keyboard pointer), an agency answers through its invitation link, a planner
groups and weighs the two and enters the council decision; the result mails go out and the Abwägungstabelle
downloads as a tagged PDF and as XLSX."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from bauleitplanung.models import Agency, Procedure, Statement, Step
from bauleitplanung.services.agencies import invitation_token, invitations_send
from tests.bauleitplanung.conftest import AREA
from tests.bauleitplanung.test_weighing import inflated
from tests.browser.conftest import log_in, tab_to
from tests.browser.test_feedback import no_tiles
from tests.conftest import ensure_migrated_data
from tests.factories import ProjectFactory, UserFactory
from tests.feedback.conftest import verified

RESIDENT_TEXT = "Die neue Zufahrt am Stiftsplatz führt den Verkehr direkt an der Grundschule vorbei."
AGENCY_TEXT = "Aus Sicht des Verkehrs: Die Zufahrt am Stiftsplatz kreuzt den Schulweg; bitte verlegen."


@pytest.fixture
def procedure(reference_data):
    ensure_migrated_data()
    project = ProjectFactory(slug="bplan-stiftsplatz", title="Bebauungsplan Stiftsplatz", area=AREA.clone())
    procedure = Procedure.objects.create(project=project)
    today = timezone.localdate()
    for kind in (Step.Kind.VEROEFFENTLICHUNG, Step.Kind.BEHOERDEN):
        Step.objects.create(procedure=procedure, kind=kind, starts_on=today - timedelta(days=3),
                            ends_on=today + timedelta(days=30))  # fmt: skip
    return procedure


def test_statement_agency_weighing_decision_and_papers(page, live_server, procedure, mailoutbox):
    planner = verified(UserFactory(email="planung@example.org", roles=[Role.PLANNER]))
    no_tiles(page)

    # 1. A resident without an account, keyboard alone.
    page.goto(f"{live_server.url}/vorhaben/bplan-stiftsplatz/stellungnahme/")
    page.wait_for_selector("#statement-map[data-ready=true]")
    tab_to(page, "#id_text")
    page.keyboard.type(RESIDENT_TEXT)
    tab_to(page, "#id_name")
    page.keyboard.type("Erika Muster")
    tab_to(page, "#id_email")
    page.keyboard.type("erika@example.org")
    tab_to(page, "#statement-map")
    page.keyboard.press("ArrowUp")  # the crosshair moves from the centre of the plan area, still inside it
    page.keyboard.press("Enter")
    page.wait_for_selector("#statement-map[data-point]")
    tab_to(page, "#statement-submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Ihre Stellungnahme Nr. 1 ist eingegangen")
    resident = Statement.objects.get(number=1)
    assert resident.location is not None
    assert resident.location.within(AREA.buffer(0.002))
    assert resident.author is None
    receipts = [mail for mail in mailoutbox if mail.to == ["erika@example.org"]]
    assert len(receipts) == 1
    assert RESIDENT_TEXT in receipts[0].body

    # 2. An agency through its personal invitation link.
    step = procedure.steps.get(kind=Step.Kind.BEHOERDEN)
    agency = Agency.objects.create(name="Landesbetrieb Mobilität Kaiserslautern", email="lbm@example.org",
                                   concern="Verkehr")  # fmt: skip
    (invitation,) = invitations_send(step=step, actor=planner, agencies=[agency])
    page.goto(f"{live_server.url}/beteiligung/behoerde/{invitation_token(invitation)}/")
    page.fill("#agency-text", AGENCY_TEXT)
    page.get_by_role("button", name="Stellungnahme absenden").click()
    page.wait_for_selector("text=unter der Nummer 2 eingegangen")
    by_agency = Statement.objects.get(number=2)
    assert by_agency.channel == Statement.Channel.AGENCY

    # 3. The planner groups the two, weighs the group and enters the council decision.
    page.context.clear_cookies()
    log_in(page, live_server, planner)
    page.goto(f"{live_server.url}/vorhaben/bplan-stiftsplatz/stellungnahmen/")
    page.fill("#g-title", "Zufahrt am Schulweg")
    page.fill("#g-summary", "Die Zufahrt kreuzt den Schulweg an der Grundschule.")
    page.fill("#g-numbers", "1, 2")
    page.get_by_role("button", name="Gruppe anlegen").click()
    page.wait_for_selector("text=mit 2 Stellungnahmen angelegt")
    page.goto(f"{live_server.url}/vorhaben/bplan-stiftsplatz/stellungnahmen/1/")
    page.select_option("#d-g", "teilweise")
    page.fill("#r-g", "Die Zufahrt wird nach Norden verlegt; der Schulweg bleibt frei.")
    page.get_by_role("button", name="Gruppe abwägen").click()
    page.wait_for_selector("text=Gespeichert.")
    page.goto(f"{live_server.url}/vorhaben/bplan-stiftsplatz/stellungnahmen/")
    page.fill("#b-date", timezone.localdate().isoformat())
    page.get_by_role("button", name="Beschluss veröffentlichen und Ergebnisse senden").click()
    page.wait_for_selector("text=Beschluss veröffentlicht")
    results = {mail.to[0] for mail in mailoutbox if "Norden verlegt" in mail.body}
    assert results == {"erika@example.org", "lbm@example.org"}

    # 4. The council papers: the PDF is set by a job (eager in the tests) and then offered for download.
    page.get_by_role("button", name="PDF erstellen").click()
    page.wait_for_selector("text=Seiten: 1) herunterladen")
    pdf = page.request.get(live_server.url + reverse("bauleitplanung:paper", args=["bplan-stiftsplatz", "pdf"]))
    assert pdf.ok
    assert pdf.body().startswith(b"%PDF")
    assert b"/StructTreeRoot" in inflated(pdf.body())  # the tags, inside compressed object streams
    xlsx = page.request.get(live_server.url + reverse("bauleitplanung:paper", args=["bplan-stiftsplatz", "xlsx"]))
    assert xlsx.ok
    rows = [[str(c) for c in row if c is not None] for row in load_workbook(BytesIO(xlsx.body())).active.values]
    text = "\n".join(" | ".join(row) for row in rows)
    assert "Landesbetrieb Mobilität Kaiserslautern" in text
    assert re.search(r"Bürger:in\s*1", text)
    assert "Norden verlegt" in text


def test_plan_changes_on_the_map_with_a_matching_legend(page, live_server, reference_data):
    """A second plan version: the project page draws the added, removed and changed features in their own
    styles, and the legend beside the list shows the same colours."""
    from bauleitplanung.selectors import CHANGE_STYLES
    from bauleitplanung.services.plans import plan_import
    from bauleitplanung.xplan import samples as xf
    from tests.bauleitplanung.test_xplan import DEMO

    ensure_migrated_data()
    planner = UserFactory(roles=[Role.PLANNER])
    project = ProjectFactory(slug="pfaff-nord", title="Pfaff-Areal Nord", area=None)
    plan_import(project=project, data=DEMO.read_bytes(), filename="v1.gml", actor=planner)
    features = [f for f in xf.bplan_features() if f[1] != "GML_baum2"]
    features = [(c, g, geom, p.replace("<xplan:GRZ>0.4<", "<xplan:GRZ>0.35<")) for c, g, geom, p in features]
    features.append(("BP_AnpflanzungBindungErhaltung", "GML_baum3", xf.point(409720, 5477185, "GML_baum3"),
                     xf.props(massnahme="2000")))  # fmt: skip
    plan_import(project=project, data=xf.build(features), filename="v2.gml", actor=planner)
    no_tiles(page)
    page.goto(f"{live_server.url}/vorhaben/pfaff-nord/")
    node = page.wait_for_selector("#plan-changes-map[data-loaded=true]")
    assert (node.get_attribute("data-added"), node.get_attribute("data-removed"),
            node.get_attribute("data-changed")) == ("1", "1", "1")  # fmt: skip

    def drawn(kind: str) -> dict:
        return page.eval_on_selector(
            f"#plan-changes-map path.plan-change-{kind}",
            """el => ({
            stroke: el.getAttribute('stroke'), dash: el.getAttribute('stroke-dasharray')})""",
        )

    def legend(n: int) -> str:
        return page.eval_on_selector(f"#plan-changes-list dt:nth-of-type({n}) .change-swatch",
                                     "el => getComputedStyle(el).borderTopColor")  # fmt: skip

    def rgb(hex_colour: str) -> str:
        return "rgb({}, {}, {})".format(*(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)))

    for n, kind in enumerate(("added", "removed", "changed"), start=1):
        style = drawn(kind)
        assert style["stroke"] == CHANGE_STYLES[kind]["color"]
        assert (style["dash"] or "") == CHANGE_STYLES[kind]["dash"]
        assert legend(n) == rgb(CHANGE_STYLES[kind]["color"])  # the legend's swatch has the map's colour
    assert len({CHANGE_STYLES[k]["color"] for k in CHANGE_STYLES}) == 3
    assert page.locator("#plan-changes-list").inner_text().count("GML_baum3") == 1
    page.locator("#plan-changes-map path.plan-change-removed").first.click(force=True)
    assert "GML_baum2" in page.locator(".leaflet-popup-content").inner_text()
