"""The procedure on the project page, the statement form and confirmation, the staff pages and the API."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bauleitplanung.models import PlanVersion, Procedure, Statement, Step
from tests.bauleitplanung.conftest import make_step
from tests.bauleitplanung.test_xplan import DEMO
from tests.factories import ProjectFactory

TEXT = "Bitte erhalten Sie die Bäume an der Nordseite des Platzes, sie spenden im Sommer Schatten."


@pytest.fixture
def steps(procedure):
    early = make_step(procedure, Step.Kind.FRUEH_OEFFENTLICHKEIT, start=-90, end=-60)
    publication = make_step(procedure, Step.Kind.VEROEFFENTLICHUNG, start=-5, end=30)
    return early, publication


def test_project_page_shows_steps_counts_and_link(client, project, steps):
    early, publication = steps
    Statement.objects.create(procedure=project.procedure, step=early, number=1, text=TEXT, name="A",
                             received_at=timezone.now() - timedelta(days=70))  # fmt: skip
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Veröffentlichung (§ 3 Abs. 2 BauGB)" in html
    assert publication.period_text in html
    assert reverse("bauleitplanung:statement-form", args=[project.slug]) in html
    assert "<td>1</td>" in html  # the early step's count
    assert "Stellungnahmen (Mitarbeitende)" not in html


def test_anonymous_submission_by_form_then_confirmation(client, project, steps, mailoutbox,
                                                        django_capture_on_commit_callbacks):  # fmt: skip
    url = reverse("bauleitplanung:statement-form", args=[project.slug])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": TEXT, "name": "Erika Muster", "email": "erika@example.org",
                                     "lon": "7.7680", "lat": "49.4435"})  # fmt: skip
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.location is not None
    page = client.get(response.url).content.decode()
    assert "Nr. 1" in page
    assert TEXT in page
    assert len(mailoutbox) == 1
    # Another browser cannot open the confirmation (it holds the text and the e-mail address).
    assert APIClient().get(response.url).status_code == 404


def test_form_errors_name_the_rule(client, project, steps):
    url = reverse("bauleitplanung:statement-form", args=[project.slug])
    response = client.post(url, {"text": TEXT, "name": "A", "email": "a@example.org", "lon": "7.80", "lat": "49.44"})
    assert response.status_code == 400
    assert "außerhalb des Plangebiets" in response.content.decode()
    response = client.post(url, {"text": TEXT})
    assert "Bitte geben Sie Ihren Namen an." in response.content.decode()
    assert not Statement.objects.exists()


def test_form_closed_outside_the_period(client, procedure):
    make_step(procedure, start=-60, end=-20)
    response = client.post(reverse("bauleitplanung:statement-form", args=[procedure.project.slug]),
                           {"text": TEXT, "name": "A", "email": "a@example.org"})  # fmt: skip
    assert response.status_code == 400
    assert "Derzeit läuft kein Verfahrensschritt" in response.content.decode()


def test_api_reads_procedure(project, steps):
    body = APIClient().get(f"/api/v1/projects/{project.slug}/procedure/").json()
    assert [s["kind"] for s in body["steps"]] == ["p3_1", "p3_2"]
    assert body["steps"][1]["is_open"] is True
    assert body["steps"][1]["closes_at"].endswith(("+01:00", "+02:00"))
    assert body["decision"] is None


def test_api_submit_and_json_errors(project, steps, mailoutbox, django_capture_on_commit_callbacks):
    client = APIClient()
    url = f"/api/v1/projects/{project.slug}/statements/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": TEXT, "name": "Max", "email": "max@example.org"}, format="json")
    assert response.status_code == 201
    assert response.json()["number"] == 1
    assert mailoutbox[0].to == ["max@example.org"]
    bad = client.post(url, {"text": TEXT, "name": "Max"}, format="json")
    assert bad.status_code == 400
    assert "email" in bad.json()
    far = client.post(url, {"text": TEXT, "name": "M", "email": "m@example.org", "lon": 7.9, "lat": 49.4},
                      format="json")  # fmt: skip
    assert "location" in far.json()
    half = client.post(url, {"text": TEXT, "name": "M", "email": "m@example.org", "lon": 7.77}, format="json")
    assert "zusammen" in half.json()["lat"][0]
    junk = client.post(url, {"text": TEXT, "lon": 1e308, "lat": "x", "feature": -1}, format="json")
    assert junk.status_code == 400
    nested = client.post(url, data="[" * 5000, content_type="application/json")
    assert nested.status_code == 400
    assert Statement.objects.count() == 1


def test_staff_list_and_record(client, planner, citizen, project, steps):
    url = reverse("bauleitplanung:statements", args=[project.slug])
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(planner)
    early, _publication = steps
    received = (timezone.localdate() - timedelta(days=30)).strftime("%Y-%m-%dT10:00")
    response = client.post(url, {"step": early.pk, "channel": "letter", "received_at": received,
                                 "text": TEXT, "name": "Brief-Schreiberin"})  # fmt: skip
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.is_late
    assert statement.channel == "letter"
    html = client.get(url + "?channel=letter&late=1").content.decode()
    assert "Brief-Schreiberin" in html
    assert "verspätet" in html
    assert "Brief-Schreiberin" not in client.get(url + "?channel=email").content.decode()


def test_plan_upload_page(client, planner, citizen, project):
    url = reverse("bauleitplanung:plan-upload", args=[project.slug])
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(planner)
    bad = client.post(url, {"file": SimpleUploadedFile("x.gml", b"<x/>")})
    assert bad.status_code == 400
    assert "keine XPlanGML-Datei" in bad.content.decode()
    ok = client.post(url, {"file": SimpleUploadedFile(DEMO.name, DEMO.read_bytes())})
    assert ok.status_code == 302
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Pfaff-Areal Nord (Demo), Fassung 1" in page


PDF = b"%PDF-1.4\n1 0 obj << /Type /Pages /Count 2 >> endobj\n2 0 obj << /Type /Page >> endobj\n" \
      b"3 0 obj << /Type /Page >> endobj\n%%EOF\n"  # fmt: skip


def test_documents_per_version_and_page_references(client, planner, project, steps):
    url = reverse("bauleitplanung:plan-upload", args=[project.slug])
    client.force_login(planner)
    client.post(url, {"file": SimpleUploadedFile(DEMO.name, DEMO.read_bytes())})
    not_pdf = client.post(url, {"action": "document", "kind": "begruendung", "title": "Begründung",
                                "file": SimpleUploadedFile("b.pdf", b"GIF89a")})  # fmt: skip
    assert not_pdf.status_code == 400
    assert "keine gültige PDF-Datei" in not_pdf.content.decode()
    ok = client.post(url, {"action": "document", "kind": "begruendung", "title": "Begründung",
                           "file": SimpleUploadedFile("b.pdf", PDF)})  # fmt: skip
    assert ok.status_code == 302
    document = project.procedure.versions.get().documents.get()
    assert document.pages == 2
    assert "Begründung" in client.get(project.get_absolute_url()).content.decode()
    api = APIClient()
    url = f"/api/v1/projects/{project.slug}/statements/"
    base = {"text": TEXT, "name": "M", "email": "m@example.org", "document": document.pk}
    assert api.post(url, {**base, "page": 3}, format="json").json()["page"]
    assert api.post(url, {**base, "page": 2}, format="json").status_code == 201


def test_documents_attach_to_an_earlier_version_too(client, planner, project):
    url = reverse("bauleitplanung:plan-upload", args=[project.slug])
    client.force_login(planner)
    for name in ("v1.gml", "v2.gml"):
        assert client.post(url, {"file": SimpleUploadedFile(name, DEMO.read_bytes())}).status_code == 302
    first, second = project.procedure.versions.order_by("number")
    page = client.get(url).content.decode()
    assert f'<option value="{second.pk}" selected>' in page  # the newest is the default
    assert f'<option value="{first.pk}">' in page
    title = "Umweltbericht zur Fassung 1"
    ok = client.post(url, {"action": "document", "version": first.pk, "kind": "umweltbericht", "title": title,
                           "file": SimpleUploadedFile("u.pdf", PDF)})  # fmt: skip
    assert ok.status_code == 302
    assert first.documents.get().title == "Umweltbericht zur Fassung 1"
    assert not second.documents.exists()
    other = ProjectFactory(slug="anderes")
    foreign = PlanVersion.objects.create(procedure=Procedure.objects.create(project=other), number=1)
    refused = client.post(url, {"action": "document", "version": foreign.pk, "kind": "umweltbericht",
                                "title": "Fremd", "file": SimpleUploadedFile("u.pdf", PDF)})  # fmt: skip
    assert refused.status_code == 400
    assert not foreign.documents.exists()


def test_statements_are_rate_limited_per_address(client, project, steps, settings):
    settings.BAULEITPLANUNG_RATE_LIMITS = {"statement": "1/h"}
    settings.RATE_LIMIT_ADDRESS_FACTOR = 2
    url = reverse("bauleitplanung:statement-form", args=[project.slug])
    data = {"text": TEXT, "name": "A", "email": "a@example.org"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    limited = client.post(url, data)
    assert limited.status_code == 429
    assert "Retry-After" in limited
    api = APIClient().post(f"/api/v1/projects/{project.slug}/statements/", data, format="json")
    assert api.status_code == 429
    assert Statement.objects.count() == 2


def test_staff_start_page_links_each_procedure_and_the_follower_counts(client, procedure, planner, moderator):
    statements = reverse("bauleitplanung:statements", args=[procedure.project.slug])
    client.force_login(planner)
    page = client.get(reverse("staff-start")).content.decode()
    assert statements in page
    assert reverse("bauleitplanung:agencies", args=[procedure.project.slug]) in page
    assert reverse("alerts:followers") in page
    client.force_login(moderator)  # Moderation has no part in the formal procedure (bauleitplanung/rules.py)
    page = client.get(reverse("staff-start")).content.decode()
    assert statements not in page
    assert reverse("alerts:followers") in page
