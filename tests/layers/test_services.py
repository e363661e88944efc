from datetime import timedelta

import pytest
from django.contrib.gis.geos import LineString, MultiPoint
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from layers import selectors, services
from layers.markdown import render_markdown
from layers.models import Phase, Project
from tests.factories import PhaseFactory, ProjectFactory

TODAY = timezone.localdate()


def test_stadtteile_are_joined_from_the_area(stadtteile):
    area = MultiPoint(stadtteile[1].label_point, stadtteile[12].label_point, srid=4326)
    project = services.project_create(title="Plan", slug="plan", summary="S", topic="verkehr", area=area)
    assert set(project.stadtteile.values_list("number", flat=True)) == {1, 12}

    services.project_update(project=project, data={"area": stadtteile[5].label_point})
    assert list(project.stadtteile.values_list("number", flat=True)) == [5]

    services.project_update(project=project, data={"area": None})
    assert project.stadtteile.count() == 0


def test_a_line_touches_every_stadtteil_it_crosses(stadtteile):
    line = LineString(stadtteile[1].label_point, stadtteile[2].label_point, srid=4326)
    project = services.project_create(title="Weg", slug="weg", summary="S", topic="verkehr", area=line)
    assert {1, 2} <= set(project.stadtteile.values_list("number", flat=True))


def test_project_outside_the_city_touches_none(db):
    from django.contrib.gis.geos import Point

    project = services.project_create(title="Fern", slug="fern", summary="S", topic="verkehr", area=Point(7.60, 49.44))
    assert project.stadtteile.count() == 0


def test_project_create_validates(db):
    with pytest.raises(ValidationError) as err:
        services.project_create(title="", slug="x y", summary="S", topic="unbekannt")
    assert {"title", "slug", "topic"} <= set(err.value.message_dict)
    assert Project.objects.count() == 0


@pytest.mark.parametrize(
    ("phases", "expected"),
    [
        ([], None),
        ([("information", -10, None)], "information"),
        ([("information", -30, -11), ("beteiligung", -10, 10), ("auswertung", 11, None)], "beteiligung"),
        ([("information", -30, -11), ("beteiligung", -10, -1)], None),  # between phases
        ([("information", 1, 20)], None),  # not started yet
        ([("information", -30, 30), ("beteiligung", -5, 5)], "beteiligung"),  # overlap: latest start wins
        ([("beteiligung", -10, 0)], "beteiligung"),  # the end date is the last day
        ([("umsetzung", -100, -50), ("abgeschlossen", -49, None)], "abgeschlossen"),
    ],
)
def test_current_phase_follows_the_dates(db, phases, expected):
    project = ProjectFactory()
    for kind, start, end in phases:
        PhaseFactory(
            project=project,
            kind=kind,
            starts_on=TODAY + timedelta(days=start),
            ends_on=None if end is None else TODAY + timedelta(days=end),
        )
    current = project.current_phase(TODAY)
    assert (current.kind if current else None) == expected
    annotated = selectors.project_list(today=TODAY).get(pk=project.pk).current_phase_kind
    assert annotated == expected


def test_phase_end_before_start_is_refused(db):
    with pytest.raises(ValidationError, match="Ende"):
        services.phase_create(
            project=ProjectFactory(), kind=Phase.Kind.INFORMATION, starts_on=TODAY, ends_on=TODAY - timedelta(days=1)
        )


def test_pdf_documents_are_checked(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = ProjectFactory()
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    document = services.document_create(project=project, title="Plan", file=pdf)
    assert document.href.endswith(".pdf")

    fake = SimpleUploadedFile("plan.pdf", b"<html>", content_type="application/pdf")
    with pytest.raises(ValidationError, match="keine gültige PDF"):
        services.document_create(project=project, title="Fake", file=fake)
    exe = SimpleUploadedFile("plan.exe", b"%PDF-", content_type="application/pdf")
    with pytest.raises(ValidationError, match="Nur PDF"):
        services.document_create(project=project, title="Exe", file=exe)
    settings.LAYERS_DOCUMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("gross.pdf", b"%PDF-" + b"x" * 20)
    with pytest.raises(ValidationError, match="zu groß"):
        services.document_create(project=project, title="Groß", file=big)
    with pytest.raises(ValidationError, match="entweder"):
        services.document_create(project=project, title="Nichts")
    link = services.document_create(project=project, title="Ratsinfo", url="https://example.org/vorlage")
    assert link.href == "https://example.org/vorlage"
    assert project.documents.count() == 2


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "## Plan\n\n**fett** [Link](https://example.org) <script>alert(1)</script> "
        "[x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert "<h2>Plan</h2>" in html
    assert "<strong>fett</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<img" not in html
