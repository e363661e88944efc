"""Attachments of statements: PDFs and photos stored, anything else refused with the rule named, nothing left."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from bauleitplanung.models import Statement, StatementAttachment, Step
from bauleitplanung.services import statement_submit
from bauleitplanung.services.agencies import agency_create, invitation_token, invitations_send
from bauleitplanung.services.attachments import MAX_PDF_BYTES
from tests.bauleitplanung.conftest import make_step
from tests.uploads import png_upload, stored_files

TEXT = "Die geplante Zufahrt über die Stiftsstraße belastet die Anwohner zu stark."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _stored() -> set[str]:
    return stored_files(StatementAttachment, "file", "stellungnahmen")


def _pdf(name="gutachten.pdf", data=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _submit(step, attachments):
    return statement_submit(step=step, text=TEXT, name="Erika Muster", email="erika@example.org",
                            attachments=attachments)  # fmt: skip


def test_pdf_and_photo_are_stored_privately(open_step):
    before = _stored()
    statement = _submit(open_step, [_pdf(), png_upload()])
    items = list(statement.attachments.all())
    assert [item.original_name for item in items] == ["gutachten.pdf", "foto.png"]
    assert items[0].file.read().startswith(b"%PDF-")
    assert Image.open(items[1].file).format == "PNG"
    assert _stored() == before | {item.file.name.removeprefix("stellungnahmen/") for item in items}
    for item in items:
        item.file.delete(save=False)


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (lambda: _pdf(data=b"MZ\x90\x00 not a pdf at all"), "keine gültige PDF-Datei"),
        (lambda: _pdf("gross.pdf", b"%PDF-" + b"0" * MAX_PDF_BYTES), "zu groß"),
        (lambda: SimpleUploadedFile("liste.docx", b"PK\x03\x04 word", content_type="image/png"), "kein lesbares Bild"),
        (lambda: SimpleUploadedFile("bild.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"), ""),
    ],
)
def test_refused_attachment_stores_nothing_and_sends_nothing(
    open_step, upload, expected, mailoutbox, django_capture_on_commit_callbacks
):
    before = _stored()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError) as caught:
        _submit(open_step, [_pdf(), upload()])
    message = " ".join(caught.value.message_dict["attachments"])
    assert expected in message
    assert "höchstens 3 Anhänge: PDF-Dateien bis 10 MB oder Fotos (JPEG, PNG, WebP) bis 8 MB" in message
    assert not Statement.objects.exists()
    assert not StatementAttachment.objects.exists()
    assert _stored() == before
    assert callbacks == []
    assert mailoutbox == []


def test_too_many_attachments(open_step):
    with pytest.raises(ValidationError) as caught:
        _submit(open_step, [_pdf(), _pdf(), png_upload(), png_upload()])
    assert "Zu viele Anhänge" in caught.value.message_dict["attachments"][0]
    assert not Statement.objects.exists()


def test_form_and_api_take_attachments_and_only_staff_read_them(
    client, open_step, project, planner, citizen, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("bauleitplanung:statement-form", args=[project.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": TEXT, "name": "Erika Muster", "email": "erika@example.org",
                                     "attachments": [_pdf(), png_upload()]})  # fmt: skip
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.attachments.count() == 2
    assert len(mailoutbox) == 1
    bad = client.post(url, {"text": TEXT, "name": "E", "email": "e@example.org", "attachments": [_pdf(data=b"nope")]})
    assert bad.status_code == 400
    assert "keine gültige PDF-Datei" in bad.content.decode()
    assert Statement.objects.count() == 1

    api = APIClient()
    api_url = reverse("api:procedure-statements", args=[project.slug])
    data = {"text": TEXT, "name": "Max", "email": "max@example.org", "attachments": [png_upload()]}
    created = api.post(api_url, data, format="multipart")
    assert created.status_code == 201, created.content
    refused = api.post(api_url, {"text": TEXT, "name": "Max", "email": "max@example.org",
                                 "attachments": [_pdf(data=b"nope")]}, format="multipart")  # fmt: skip
    assert refused.status_code == 400
    assert "keine gültige PDF-Datei" in refused.json()["attachments"][0]

    item = statement.attachments.first()
    link = reverse("bauleitplanung:attachment", args=[project.slug, statement.number, item.pk])
    client.logout()
    assert client.get(link).status_code in (302, 403)
    client.force_login(citizen)
    assert client.get(link).status_code == 403
    client.force_login(planner)
    page = client.get(reverse("bauleitplanung:statement", args=[project.slug, statement.number])).content.decode()
    assert link in page
    assert "gutachten.pdf" in page
    served = client.get(link)
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"%PDF-")
    for each in StatementAttachment.objects.all():
        each.file.delete(save=False)


def test_staff_recorded_statement_takes_attachments(client, planner, open_step):
    """A letter with enclosures: stored with the statement; a refused file refuses the whole record."""
    url = reverse("bauleitplanung:statements", args=[open_step.procedure.project.slug])
    client.force_login(planner)
    received = timezone.localtime().strftime("%Y-%m-%dT08:00")
    base = {"step": open_step.pk, "channel": "letter", "received_at": received, "text": TEXT, "name": "Brief"}
    before = _stored()
    refused = client.post(url, {**base, "attachments": [_pdf(), _pdf("scan.pdf", b"MZ not a pdf")]})
    assert refused.status_code == 400
    assert "„scan.pdf“: Die Datei ist keine gültige PDF-Datei." in refused.content.decode()
    assert not Statement.objects.exists()
    assert _stored() == before  # the first, good file is not left behind
    response = client.post(url, {**base, "attachments": [_pdf("brief.pdf"), png_upload("anlage.png")]})
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.channel == "letter"
    assert sorted(statement.attachments.values_list("original_name", flat=True)) == ["anlage.png", "brief.pdf"]
    for each in StatementAttachment.objects.all():
        each.file.delete(save=False)


def test_agency_statement_takes_attachments(client, planner, procedure):
    step = make_step(procedure, Step.Kind.BEHOERDEN)
    agency = agency_create(actor=planner, name="Struktur- und Genehmigungsdirektion Süd", email="sgd@example.org")
    (invitation,) = invitations_send(step=step, actor=planner, agencies=[agency])
    url = reverse("bauleitplanung:agency", args=[invitation_token(invitation)])
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="attachments"' in page
    refused = client.post(url, {"text": TEXT, "attachments": [_pdf(data=b"nope")]})
    assert refused.status_code == 400
    assert "keine gültige PDF-Datei" in refused.content.decode()
    assert not Statement.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_at is None
    assert client.post(url, {"text": TEXT, "attachments": [_pdf("stellungnahme-sgd.pdf")]}).status_code == 200
    statement = Statement.objects.get()
    assert statement.channel == Statement.Channel.AGENCY
    assert list(statement.attachments.values_list("original_name", flat=True)) == ["stellungnahme-sgd.pdf"]
    for each in StatementAttachment.objects.all():
        each.file.delete(save=False)


def test_openapi_shows_the_attachments_field(client):
    schema = client.get("/api/schema/?format=json").json()
    field = schema["components"]["schemas"]["StatementCreate"]["properties"]["attachments"]
    assert field["type"] == "array"
    assert field["items"] == {"type": "string", "format": "binary"}
    assert "PDF" in field["description"]
    body = schema["paths"]["/api/v1/projects/{slug}/statements/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in body
