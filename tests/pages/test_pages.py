from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.roles import Role
from pages.models import ContactMessage, LegalPage
from tests.factories import UserFactory

PASSWORD = "ein-langes-Passwort-2024"
LEGAL_URLS = ["/impressum/", "/datenschutz/", "/barrierefreiheit/", "/nutzungsbedingungen/", "/kontakt/"]


def test_every_page_links_the_five_legal_pages_in_its_footer(client):
    html = client.get("/").content.decode()
    footer = html[html.index('class="site-footer"') :]
    for url in LEGAL_URLS:
        assert f'href="{url}"' in footer


def test_legal_pages_show_the_seeded_texts(client):
    privacy = client.get("/datenschutz/").content.decode()
    for fact in ("Art. 6 Abs. 1 Buchst. e DSGVO", "klmw_survey", "csrftoken", "IP-Adresse", "GPS-Position"):
        assert fact in privacy
    accessibility = client.get("/barrierefreiheit/").content.decode()
    assert "Schlichtungsstelle nach § 16" in accessibility
    assert "/kontakt/?thema=barrierefreiheit" in accessibility
    assert "Willy-Brandt-Platz 1" in client.get("/impressum/").content.decode()


def test_english_page_marks_the_german_text(client):
    with translation.override("en"):
        response = client.get("/datenschutz/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "<h1>Privacy policy</h1>" in html
    assert '<div class="prose" lang="de">' in html


def test_markdown_of_staff_is_sanitised(client):
    LegalPage.objects.filter(kind="impressum").update(body="Hallo <script>alert(1)</script> [x](javascript:alert(1))")
    html = client.get("/impressum/").content.decode()
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_city_admin_edits_a_page_without_deploy(client):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    url = reverse("pages:edit", args=["impressum"])
    response = client.post(url, {"title": "Impressum", "body": "## Neu\n\nStadt KL", "title_en": "", "body_en": ""})
    assert response.status_code == 302
    page = LegalPage.objects.get(kind="impressum")
    assert page.body.startswith("## Neu")
    assert "<h2>Neu</h2>" in client.get("/impressum/").content.decode()


def test_moderator_may_not_edit_legal_pages(client):
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    assert client.get(reverse("pages:edit", args=["impressum"])).status_code == 403
    assert client.get(reverse("pages:edit-list")).status_code == 403


def test_contact_form_reaches_staff_and_is_answered(client, mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.CONTACT_EMAIL = "team@stadt.example"
    data = {"topic": "barrierefreiheit", "name": "", "email": "frau@example.org", "message": "Die Karte ist zu klein."}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kontakt/", {**data, "page_url": "/ideen/"})
    assert response.status_code == 302
    contact = ContactMessage.objects.get()
    assert contact.topic == "barrierefreiheit"
    assert mailoutbox[0].to == ["team@stadt.example"]
    assert mailoutbox[0].reply_to == ["frau@example.org"]
    assert "Die Karte ist zu klein." in mailoutbox[0].body

    moderator = UserFactory(roles=[Role.MODERATOR])
    client.force_login(moderator)
    assert "Die Karte ist zu klein." in client.get("/verwaltung/kontakt/").content.decode()
    client.post(reverse("pages:answered", args=[contact.pk]), {"note": "per Mail beantwortet"})
    contact.refresh_from_db()
    assert contact.answered_at is not None
    assert contact.answered_by == moderator
    assert "Die Karte ist zu klein." not in client.get("/verwaltung/kontakt/").content.decode()


def test_contact_form_errors_are_shown_in_the_form(client):
    response = client.post("/kontakt/", {"topic": "allgemein", "email": "kein-mail", "message": "kurz"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert ContactMessage.objects.count() == 0


def test_contact_form_is_rate_limited(client, settings):
    settings.RATE_LIMIT_ADDRESS_FACTOR = 1
    data = {"topic": "allgemein", "email": "a@example.org", "message": "Eine Frage zur Plattform."}
    statuses = [client.post("/kontakt/", data).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert ContactMessage.objects.count() == 5


def test_contact_inbox_needs_the_rule(client):
    client.force_login(UserFactory())
    assert client.get("/verwaltung/kontakt/").status_code == 403


def test_signup_shows_the_privacy_notice_and_needs_the_terms(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'href="/datenschutz/"' in html
    assert 'href="/nutzungsbedingungen/"' in html
    data = {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert "Bitte akzeptieren Sie die Nutzungsbedingungen" in response.content.decode()
    assert not User.objects.filter(email="neu@example.org").exists()
    assert client.post(reverse("account_signup"), {**data, "accept_terms": "on"}).status_code == 302
    assert User.objects.get(email="neu@example.org").terms_accepted_at is not None


def test_contact_inbox_pages_with_the_one_partial_and_keeps_its_filter(client):
    """edge.paging: the capped paginator and templates/_pagination.html, the filter `alle` kept across pages."""
    ContactMessage.objects.bulk_create(
        ContactMessage(email=f"b{i}@example.org", message=f"Nachricht {i}") for i in range(26)
    )
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    first = client.get("/verwaltung/kontakt/", {"alle": "1"}).content.decode()
    assert 'class="pagination"' in first
    assert "Seite 1 von 2" in first
    assert 'href="?alle=1&amp;seite=2"' in first
    second = client.get("/verwaltung/kontakt/", {"alle": "1", "seite": "2"}).content.decode()
    assert second.count('class="card contact-message"') == 1
