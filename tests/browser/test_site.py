"""The whole site in Chromium, page by page inside one browser: header navigation in and out of an account,
the staff start page, no sideways scrolling at 390 px, target sizes of every form control, the maps without a
base map and without any request leaving 127.0.0.1, a Stadtteil page, English pages, error pages, and axe
on every page. With SCREENSHOTS=1 the phone and desktop screenshots of docs/screenshots/ are (re)written."""

import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.roles import Role
from alerts import tokens as alert_tokens
from alerts.models import Subscription
from bauleitplanung.models import Agency, Procedure, Statement, Step
from bauleitplanung.services.agencies import invitation_token, invitations_send
from feedback.models import Feedback
from feedback.services.feedback import feedback_create
from geo.models import Stadtteil
from overview import services as overview_services
from overview.models import TextGroup
from proposals.models import Idea
from proposals.services import comment_create
from tests.bauleitplanung.conftest import AREA
from tests.browser.conftest import horizontal_overflow, outside_requests, serious_violations, sign_in
from tests.conftest import ensure_migrated_data
from tests.factories import (
    PASSWORD,
    ChoiceFactory,
    FeatureFactory,
    IdeaFactory,
    LayerFactory,
    ProjectFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
)
from tests.feedback.conftest import LANE, participation

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LEGAL_PAGES = ["/impressum/", "/datenschutz/", "/barrierefreiheit/", "/nutzungsbedingungen/", "/kontakt/"]
PHONE_HEADER_MAX = 64  # CSS px: the header leaves the phone's screen to the page
MIN_TARGET = 24  # WCAG 2.2 target size (minimum), CSS px
PRIMARY_TARGET = 44


@pytest.fixture
def site(reference_data):
    """A small but complete site: a project touching Innenstadt-Ost with a layer, ideas there, an open survey
    of that project with a map question, a closed one with public results, a staff member with every role."""
    ensure_migrated_data()
    innenstadt = Stadtteil.objects.get(number=1)
    project = ProjectFactory(title="Stiftsplatz neu gestalten", slug="stiftsplatz", area=innenstadt.label_point)
    project.stadtteile.set([innenstadt])
    LayerFactory(project=project, name="Bäume")
    IdeaFactory(title="Trinkbrunnen am Stiftsplatz", stadtteil=innenstadt, project=project)
    IdeaFactory.create_batch(2, stadtteil=innenstadt)
    IdeaFactory(title="Bank am Betzenberg", stadtteil=Stadtteil.objects.get(slug="betzenberg"))
    for weeks, idea in enumerate(Idea.objects.order_by("pk")):  # a few weeks of history for the trend chart
        Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timezone.timedelta(weeks=weeks))
    survey = SurveyFactory(title="Hitzeorte in der Innenstadt", slug="hitzeorte", project=project)
    ChoiceFactory.create_batch(2, question=QuestionFactory(survey=survey, text="Wie oft sind Sie dort?"))
    QuestionFactory(survey=survey, kind="point", text="Wo ist es zu heiß?")
    now = timezone.now()
    closed = SurveyFactory(
        title="Verkehr am Rathaus", slug="verkehr", opens_at=now - timezone.timedelta(days=30),
        closes_at=now - timezone.timedelta(days=1), results_public=True,
    )  # fmt: skip
    ChoiceFactory.create_batch(2, question=QuestionFactory(survey=closed, text="Fahren Sie Rad?"))
    staff = UserFactory(roles=list(Role), username="stadt", email="stadt@example.org")
    # Feedback on a plan feature, a Bauleitplan procedure with a statement and an agency's link, topic groups.
    participation(project)
    feature = FeatureFactory(layer=LayerFactory(project=project, name="Radweg", feedback_open=True), geom=LANE.clone(),
                             attributes={"strasse": "Pariser Straße"})  # fmt: skip
    plan = ProjectFactory(title="Bebauungsplan Stiftsplatz", slug="bplan", area=AREA.clone())
    procedure = Procedure.objects.create(project=plan, last_number=1)
    today = timezone.localdate()
    steps = [Step.objects.create(procedure=procedure, kind=kind, starts_on=today - timezone.timedelta(days=3),
                                 ends_on=today + timezone.timedelta(days=30))
             for kind in (Step.Kind.VEROEFFENTLICHUNG, Step.Kind.BEHOERDEN)]  # fmt: skip
    Statement.objects.create(procedure=procedure, step=steps[0], number=1, name="Erika Muster", author=staff,
                             text="Die Zufahrt kreuzt den Schulweg.", received_at=timezone.now())  # fmt: skip
    said = feedback_create(author=UserFactory(), feature=feature, opinion="dagegen", text="Der Streifen ist zu schmal.")
    Feedback.objects.filter(pk=said.pk).update(visibility=Feedback.Visibility.PUBLISHED)
    agency = Agency.objects.create(name="Landesbetrieb Mobilität", email="lbm@example.org")
    (invitation,) = invitations_send(step=steps[1], actor=staff, agencies=[agency])
    # Two alike ideas for a topic group, away from the Innenstadt (the Stadtteil page test counts its ideas).
    IdeaFactory.create_batch(2, title="Mehr Bänke am Betzenberg", description="Bitte Bänke im Schatten aufstellen.",
                             stadtteil=Stadtteil.objects.get(slug="betzenberg"))  # fmt: skip
    mine = Subscription.objects.create(user=staff, area_kind="stadtteil", stadtteil=innenstadt, label=innenstadt.name,
                                       confirmed_at=timezone.now())  # fmt: skip
    mailed = Subscription.objects.create(email="nachbarin@example.org", area_kind="stadtteil", stadtteil=innenstadt,
                                         label=innenstadt.name)  # fmt: skip
    manage = alert_tokens.manage_token(mailed.email)
    overview_services.run_request()  # runs at once (eager jobs, committed at once in a live-server test)
    return {"project": project, "survey": survey, "closed": closed, "staff": staff, "stadtteil": innenstadt,
            "feature": feature, "agency_token": invitation_token(invitation), "feedback": said,
            "group": TextGroup.objects.first(), "subscription": mine, "alert_links": [
                f"/benachrichtigungen/bestaetigen/{alert_tokens.confirm_token(mailed.email)}/",
                f"/benachrichtigungen/abmelden/{alert_tokens.unsubscribe_token(mailed.pk)}/",
                f"/benachrichtigungen/verwalten/{manage}/",
                f"/benachrichtigungen/verwalten/{manage}/gebiet/{mailed.pk}/",
            ]}  # fmt: skip


def public_pages(site) -> list[str]:
    idea = site["project"].ideas.first()
    feature = f"/vorhaben/stiftsplatz/rueckmeldungen/objekt/{site['feature'].pk}/"
    return [
        "/", "/vorhaben/", "/vorhaben/stiftsplatz/", "/ideen/", f"/ideen/{idea.pk}/", "/umfragen/",
        "/umfragen/hitzeorte/", "/umfragen/verkehr/ergebnisse/", "/ergebnisse/vorhaben/stiftsplatz/",
        "/ergebnisse/umfragen/verkehr/", f"/stadtteile/{site['stadtteil'].slug}/", "/gis/", "/daten/",
        "/vorhaben/stiftsplatz/rueckmeldungen/", feature, "/vorhaben/bplan/", "/vorhaben/bplan/stellungnahme/",
        f"/beteiligung/behoerde/{site['agency_token']}/", "/themen/", "/benachrichtigungen/", *site["alert_links"],
        "/umfragen/anonyme-antworten/", "/konto/login/", "/konto/signup/", "/konto/password/reset/",
        "/konto/confirm-email/", "/konto/confirm-email/ungueltig/", "/konto/password/reset/done/",
        "/konto/password/reset/key/1-ungueltig/", "/konto/password/reset/key/done/", "/konto/inactive/",
        "/gibt-es-nicht/", *LEGAL_PAGES,
    ]  # fmt: skip


def staff_pages(site) -> list[str]:
    question = site["survey"].questions.first().pk
    assert site["group"] is not None, "the topic run made no group: its page would drop out of the check"
    group = [f"/auswertung/themen/gruppen/{site['group'].pk}/"]
    return [
        "/verwaltung/", "/konto/profil/", "/konto/profil/tokens/", "/ideen/neu/",
        "/ideen/moderation/", "/umfragen/verwalten/", "/umfragen/verwalten/neu/", "/umfragen/verwalten/hitzeorte/",
        "/umfragen/verwalten/hitzeorte/fragen/neu/", f"/umfragen/verwalten/hitzeorte/fragen/{question}/",
        f"/umfragen/verwalten/hitzeorte/fragen/{question}/loeschen/", "/vorhaben/neu/",
        "/vorhaben/stiftsplatz/bearbeiten/", "/vorhaben/stiftsplatz/ebenen/import/",
        "/vorhaben/stiftsplatz/phasen/neu/", "/vorhaben/stiftsplatz/dokumente/neu/",
        "/vorhaben/stiftsplatz/neuigkeiten/neu/", f"/vorhaben/stiftsplatz/rueckmeldungen/objekt/{site['feature'].pk}/",
        "/vorhaben/stiftsplatz/abwaegung/", "/vorhaben/bplan/stellungnahmen/", "/vorhaben/bplan/stellungnahmen/1/",
        "/vorhaben/bplan/behoerden/", "/vorhaben/bplan/plan-hochladen/", "/vorhaben/bplan/verfahrensschritte/",
        "/vorhaben/bplan/stellungnahme/1/", f"/vorhaben/stiftsplatz/rueckmeldungen/{site['feedback'].pk}/melden/",
        "/auswertung/", "/auswertung/dichte/",
        "/auswertung/verlauf/", "/auswertung/themen/", *group, "/benachrichtigungen/statistik/",
        "/benachrichtigungen/verwalten/", f"/benachrichtigungen/verwalten/gebiet/{site['subscription'].pk}/",
        "/verwaltung/seiten/", "/verwaltung/seiten/datenschutz/",
        "/verwaltung/kontakt/", "/verwaltung/gebaerdensprache/", "/konto/email/", "/konto/password/change/",
        "/konto/reauthenticate/", "/konto/logout/",
    ]  # fmt: skip


def track_requests(page) -> set:
    """The requests of the page still under way (kept up to date from the page's events)."""
    pending: set = set()
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))
    return pending


def settle(page, pending: set | None = None) -> None:
    """Wait until every map on the page has drawn its city context (or there is none) and, with `pending` from
    track_requests, no request is under way (networkidle would wait 500 ms more on every page)."""
    if pending is None:
        page.wait_for_load_state("networkidle")
    # Polled from here: wait_for_function would evaluate the predicate in the page, which the CSP forbids.
    for _ in range(600):
        if not pending and page.evaluate("[...document.querySelectorAll('.klmap')].every(m => m.dataset.context)"):
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"{page.url}: the maps never drew their city context")


def small_targets(page) -> list[str]:
    """Form controls in the page (header and main) smaller than 24×24 px, and primary buttons under 44 px high."""
    return page.evaluate(
        """([min, primary]) => {
            const bad = [];
            document.querySelectorAll("input:not([type=hidden]), select, textarea, button, .button, .button-primary")
              .forEach(el => {
                const r = el.getBoundingClientRect();
                if (!r.width || !r.height || el.closest(".leaflet-container, [hidden]")) return;
                const need = el.matches(".button, .button-primary, button.primary") ? primary : min;
                if (r.height < need || r.width < min) bad.push(`${el.outerHTML.slice(0, 80)} ${r.width}x${r.height}`);
              });
            // Links that stand alone (navigation, breadcrumbs, pagers, lists of links); links inside a sentence
            // of running text are excepted (WCAG 2.5.8 "inline").
            document.querySelectorAll("a[href]").forEach(el => {
                const r = el.getBoundingClientRect();
                if (!r.width || !r.height || el.closest(".leaflet-container, [hidden], .skip-link")) return;
                const block = el.closest("p, li, dd, td, figcaption, blockquote");
                let running = false;
                if (block && !block.closest(".breadcrumbs, .pagination, .pager, .exports, nav")) {
                  const copy = block.cloneNode(true);
                  copy.querySelectorAll("a, button, input, select, form").forEach(n => n.remove());
                  running = /[A-Za-zÄÖÜäöüß]{2,}/.test(copy.textContent);
                }
                const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
                if (!running && r.height < min - 0.5) bad.push(`link ${el.outerHTML.slice(0, 80)} ${size}`);
              });
            return bad;
        }""",
        [MIN_TARGET, PRIMARY_TARGET],
    )


def check_page(page, url: str, *, width: int, pending: set | None = None) -> list[str]:
    problems = []
    response = page.goto(url)
    if response.status != (404 if "gibt-es-nicht" in url else 200):
        return [f"{url}: status {response.status}"]
    settle(page, pending)
    if width == PHONE["width"] and (overflow := horizontal_overflow(page)) > 0:
        problems.append(f"{url}: {overflow} px sideways scrolling")
    problems += [f"{url}: small target {t}" for t in small_targets(page)]
    problems += [f"{url}: {v}" for v in serious_violations(page)]
    return problems


SCREENSHOT_PAGES = {"start", "ideen", "ideen-neu", "umfragen-hitzeorte", "vorhaben-stiftsplatz", "auswertung",
                    "auswertung-verlauf", "verwaltung", "stadtteile-innenstadt-ost"}  # fmt: skip


def screenshot(page, name: str, width: int) -> None:
    if os.environ.get("SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=False)


MENU = {"de": "Menü", "en": "Menu"}


def test_every_page_fits_has_big_targets_and_passes_axe(browser, live_server, site):
    """Every own page at 390 and 1280 px, as a citizen and as staff with every role, in German and in English.
    One site, one context per width and role; the language is switched by its cookie, so the browser keeps its
    cache of the static files. The time it takes is printed (run with -s)."""
    problems: list[str] = []
    started = time.monotonic()
    checked = 0
    for viewport, role in [(PHONE, "citizen"), (PHONE, "staff"), (DESKTOP, "citizen"), (DESKTOP, "staff")]:
        context = browser.new_context(locale="de-DE", viewport=viewport, is_mobile=viewport is PHONE)
        page = context.new_page()
        page.set_default_timeout(20_000)
        hosts = outside_requests(page)
        pending = track_requests(page)
        pages = public_pages(site)
        if role == "staff":
            sign_in(context, live_server, site["staff"])
            pages = staff_pages(site)
        for lang in ("de", "en"):
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}])
            for path in pages:
                found = check_page(page, live_server.url + path, width=viewport["width"], pending=pending)
                problems += [f"[{lang}] {p}" for p in found]
                checked += 1
                if (html_lang := page.get_attribute("html", "lang")) != lang:
                    problems.append(f"{path}: html lang {html_lang!r} on a {lang} page")
                problems += [f"{path} ({lang}): no footer link to {url}" for url in LEGAL_PAGES
                             if not page.locator(f".site-footer a[href='{url}']").count()]  # fmt: skip
                if viewport is PHONE:
                    if (height := page.locator(".site-header").bounding_box()["height"]) > PHONE_HEADER_MAX:
                        problems.append(f"{path} ({lang}): header {height} px high on a phone")
                    page.get_by_role("button", name=MENU[lang]).click()
                header = page.locator(".account-nav")
                expected = (
                    ["/konto/login/", "/konto/signup/"] if role == "citizen" else ["/verwaltung/", "/konto/profil/"]
                )
                for href in expected:
                    assert header.locator(f"a[href^='{href}']").is_visible(), f"{path} ({lang}): {href}"
                if role == "staff":
                    assert header.locator("form[action='/konto/logout/'] button").is_visible(), path
                if viewport is PHONE:
                    page.get_by_role("button", name=MENU[lang]).click()  # closed again for the screenshot
                name = re.sub(r"[^a-z0-9]+", "-", path.strip("/")) or "start"
                if lang == "de" and name in SCREENSHOT_PAGES:
                    screenshot(page, name, viewport["width"])
        assert hosts - {"127.0.0.1", "localhost"} == set()
        context.close()
    print(f"{checked} pages in {time.monotonic() - started:.0f} s")  # noqa: T201
    print("\n".join(problems))  # noqa: T201
    assert problems == []


def test_sign_in_and_out_from_the_header_and_the_staff_start_page(page, live_server, site):
    page.goto(live_server.url + "/vorhaben/")
    page.locator(".account-nav").get_by_role("link", name="Anmelden").click()
    page.fill("input[name=login]", "stadt@example.org")
    page.fill("input[name=password]", PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=site["staff"], email="stadt@example.org", defaults={"verified": True, "primary": True}
    )
    site["staff"].set_password(PASSWORD)
    site["staff"].save()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/vorhaben/$"))  # back where the person came from
    page.locator(".account-nav").get_by_role("link", name="Verwaltung").click()
    links = {a.get_attribute("href") for a in page.locator("main a").all()}
    for tool in ("/ideen/moderation/", "/umfragen/verwalten/", "/vorhaben/neu/", "/vorhaben/stiftsplatz/ebenen/import/",
                 "/auswertung/", "/auswertung/verlauf/", "/admin/", "/vorhaben/stiftsplatz/abwaegung/",
                 "/verwaltung/kontakt/", "/verwaltung/seiten/", "/verwaltung/gebaerdensprache/"):  # fmt: skip
        assert tool in links, tool
    page.locator(".account-nav").get_by_role("button", name="Abmelden").click()
    page.locator(".account-nav").get_by_role("link", name="Anmelden").wait_for()


def test_a_citizen_is_refused_the_staff_start_page_in_the_site_layout(page, live_server, site):
    sign_in(page.context, live_server, UserFactory())
    response = page.goto(live_server.url + "/verwaltung/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Kein Zugriff"
    assert page.locator(".account-nav").get_by_role("link", name="Mein Konto").is_visible()
    assert serious_violations(page) == []  # the error page is an own page too


def test_a_stadtteil_page_shows_what_is_going_on_there(page, live_server, site):
    hosts = outside_requests(page)
    page.goto(live_server.url + f"/stadtteile/{site['stadtteil'].slug}/")
    page.wait_for_selector("#idea-map[data-loaded='clusters'][data-context='ready']")
    assert int(page.get_attribute("#idea-map", "data-context-districts")) == 18
    assert int(page.get_attribute("#idea-map", "data-context-streets")) > 500
    assert page.locator("#idea-map .leaflet-context-pane path.context-outline").count() == 18
    assert page.locator("#idea-map .leaflet-context-pane canvas").bounding_box()["width"] > 300
    assert page.locator(".ideas .idea-row").count() == 3  # not the idea on the Betzenberg
    assert "Trinkbrunnen am Stiftsplatz" in page.locator(".ideas").inner_text()
    assert page.locator(".stadtteil-projects").inner_text().startswith("Stiftsplatz neu gestalten")
    assert "Hitzeorte in der Innenstadt" in page.locator(".stadtteil-surveys").inner_text()
    assert "Verkehr am Rathaus" in page.locator(".stadtteil-results").inner_text()
    assert "Platzhalter" in page.locator(".facts").inner_text()
    assert hosts - {"127.0.0.1", "localhost"} == set()


def test_english_pages_mark_german_content_and_read_english_dates(browser, live_server, site):
    context = browser.new_context(locale="en-GB", viewport=DESKTOP)
    page = context.new_page()
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    # axe and the page's lang on every English page: test_every_page_fits_has_big_targets_and_passes_axe.
    page.goto(live_server.url + "/ideen/")
    assert page.locator(".idea-row [lang=de]", has_text="Trinkbrunnen am Stiftsplatz").count() == 1
    assert page.locator(".idea-row [lang=de]", has_text="Grün und Umwelt").count() >= 1
    page.goto(live_server.url + "/umfragen/")
    card = page.locator(".survey-card", has_text="Hitzeorte").inner_text()
    assert re.search(r"[A-Z][a-z]+\.? \d{1,2}, \d{4}", card), card  # "Dec. 7, 2026", not "7. December 2026"
    assert not re.search(r"\d\. [A-Z][a-z]+ \d{4}", card), card
    page.goto(live_server.url + "/gibt-es-nicht/")
    assert page.locator("h1").inner_text() == "Page not found"
    # Texts of people and of the city: an idea, its comment and the city's answer; feedback on a plan feature.
    idea = Idea.objects.get(title="Trinkbrunnen am Stiftsplatz")
    Idea.objects.filter(pk=idea.pk).update(official_answer="Wir prüfen den Standort.")
    comment_create(idea=idea, author=UserFactory(), text="Gute Idee, bitte mit Hundenapf.")
    page.goto(live_server.url + idea.get_absolute_url())
    assert page.locator(".idea-text[lang=de]").inner_text().startswith(idea.description[:20])
    assert "Wir prüfen den Standort." in page.locator(".answer [lang=de]").inner_text()
    assert "Hundenapf" in page.locator(".comment [lang=de]").inner_text()
    feature = site["feature"]
    entry = feedback_create(author=UserFactory(), feature=feature, opinion="neutral", text="Hier ist es zu eng.")
    Feedback.objects.filter(pk=entry.pk).update(visibility=Feedback.Visibility.PUBLISHED)
    page.goto(live_server.url + "/vorhaben/stiftsplatz/rueckmeldungen/")
    assert page.locator(".feedback-text[lang=de]", has_text="Hier ist es zu eng.").count() == 1
    context.close()


def test_the_survey_map_says_tap_on_a_touch_screen_and_names_the_address(browser, live_server, site):
    context = browser.new_context(locale="de-DE", viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(context, live_server, UserFactory())
    page = context.new_page()
    page.goto(live_server.url + "/umfragen/hitzeorte/")
    settle(page)
    hint = page.locator(".map-keys").inner_text()
    assert hint.startswith("Tippen")
    assert "Klicken" not in hint
    page.locator(".survey-map").tap(position={"x": 180, "y": 120})
    status = page.locator(".map-status")
    status.filter(has_text="Stadtteil").wait_for()
    assert "Nähe" in status.inner_text()
    assert not re.search(r"\d+,\d{4}", status.inner_text())  # no coordinates
    context.close()


def test_the_phone_menu_is_a_disclosure_for_keyboard_and_works_without_javascript(browser, live_server, site):
    context = browser.new_context(locale="de-DE", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/ideen/")
    menu = page.locator("#site-menu")
    assert not menu.is_visible()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    button = page.get_by_role("button", name="Menü")
    assert page.evaluate("document.activeElement.className") == "menu-toggle"
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "site-menu"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert menu.get_by_role("link", name="Vorhaben").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Vorhaben"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert page.evaluate("document.activeElement.className") == "menu-toggle"
    # The language is a link in the menu: one tap, no select and no extra button.
    button.click()
    menu.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/ideen/$"))
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("button", name="Menu").is_visible()
    context.close()

    context = browser.new_context(locale="de-DE", viewport=PHONE, is_mobile=True, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/ideen/")
    assert not page.locator("#site-menu").is_visible()
    page.get_by_role("link", name="Menü").click()
    assert page.locator("#site-menu").get_by_role("link", name="Anmelden").is_visible()
    context.close()


def test_the_staff_header_fits_one_row_on_a_desktop(browser, live_server, site):
    context = browser.new_context(locale="de-DE", viewport=DESKTOP)
    sign_in(context, live_server, site["staff"])
    page = context.new_page()
    for lang in ("de", "en"):
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}])
        page.goto(live_server.url + "/verwaltung/")
        assert page.locator(".site-header").bounding_box()["height"] <= PHONE_HEADER_MAX, lang
    context.close()
