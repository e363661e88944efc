"""Abwägung: whole statements, split concerns, groups weighed once; the council decision sends the results
after the commit and makes the letter list; the council papers as XLSX and tagged PDF."""

import io
import re
import zlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bauleitplanung import exports
from bauleitplanung.models import Statement
from bauleitplanung.services.weighing import (
    concern_decide,
    concerns_split,
    decision_publish,
    group_create,
    group_decide,
    statement_decide,
    unweighed,
)

REASON = "Der Bebauungsplan sichert die Bäume bereits durch eine Festsetzung."


def statement(step, number, **extra):
    defaults = {"name": f"Person {number}", "email": f"p{number}@example.org", "text": f"Anliegen Nummer {number}."}
    received = timezone.now() - timedelta(days=1)
    return Statement.objects.create(procedure=step.procedure, step=step, number=number, received_at=received,
                                    **{**defaults, **extra})  # fmt: skip


@pytest.fixture
def four(open_step):
    return [
        statement(open_step, 1),
        statement(open_step, 2, text="Erstens mehr Grün. Zweitens weniger Verkehr."),
        statement(open_step, 3, text="Unterschriftenliste: Bäume erhalten!"),
        statement(open_step, 4, text="Unterschriftenliste: Bäume erhalten!", email="", address="Marktstraße 1"),
    ]


def weigh_all(planner, four):
    one, two, three, four_ = four
    statement_decide(statement=one, actor=planner, decision="beruecksichtigt", reason=REASON)
    first, second = concerns_split(statement=two, actor=planner, summaries=["Mehr Grün", "Weniger Verkehr", ""])
    concern_decide(concern=first, actor=planner, decision="teilweise", reason=REASON)
    concern_decide(concern=second, actor=planner, decision="nicht_beruecksichtigt", reason=REASON)
    group = group_create(procedure=one.procedure, actor=planner, title="Bäume", summary="Bäume erhalten",
                         statements=[three, four_])  # fmt: skip
    group_decide(group=group, actor=planner, decision="zur_kenntnis", reason=REASON)


def test_weighing_and_what_is_left(planner, four):
    procedure = four[0].procedure
    assert unweighed(procedure).count() == 4
    statement_decide(statement=four[0], actor=planner, decision="beruecksichtigt", reason=REASON)
    assert unweighed(procedure).count() == 3
    concerns_split(statement=four[1], actor=planner, summaries=["A", "B"])
    with pytest.raises(ValidationError):  # split: each concern on its own
        statement_decide(statement=four[1], actor=planner, decision="teilweise", reason=REASON)
    with pytest.raises(ValidationError) as error:
        statement_decide(statement=four[2], actor=planner, decision="teilweise", reason="kurz")
    assert "decision_reason" in error.value.message_dict


def test_only_planners_weigh(citizen, moderator, four):
    for user in (citizen, moderator):
        with pytest.raises(PermissionDenied):
            statement_decide(statement=four[0], actor=user, decision="teilweise", reason=REASON)


def test_decision_needs_everything_weighed(planner, four):
    with pytest.raises(ValidationError) as error:
        decision_publish(procedure=four[0].procedure, actor=planner, decided_on=timezone.localdate(), text="")
    assert "4 Stellungnahmen" in error.value.message_dict["decided_on"][0]


def test_council_decision_sends_results_and_makes_letters(planner, four, mailoutbox,
                                                          django_capture_on_commit_callbacks):  # fmt: skip
    weigh_all(planner, four)
    procedure = four[0].procedure
    with django_capture_on_commit_callbacks(execute=True):
        decision_publish(
            procedure=procedure, actor=planner, decided_on=timezone.localdate(), text="Satzung beschlossen."
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["p1@example.org", "p2@example.org", "p3@example.org"]
    two = next(m for m in mailoutbox if m.to == ["p2@example.org"])
    assert "Weniger Verkehr" in two.body
    assert "nicht berücksichtigt" in two.body
    assert REASON in two.body
    letters = exports.letters_csv(procedure).decode("utf-8-sig")
    assert "Marktstraße 1" in letters
    assert "zur Kenntnis genommen" in letters
    assert "p1@example.org" not in letters
    with pytest.raises(ValidationError):
        statement_decide(statement=four[0], actor=planner, decision="teilweise", reason=REASON)


def test_published_weighing_on_the_project_page_without_names(client, planner, four):
    weigh_all(planner, four)
    procedure = four[0].procedure
    page = client.get(procedure.project.get_absolute_url()).content.decode()
    assert "Weniger Verkehr" not in page  # not before the decision
    decision_publish(procedure=procedure, actor=planner, decided_on=timezone.localdate(), text="Satzung beschlossen.")
    page = client.get(procedure.project.get_absolute_url()).content.decode()
    assert "Satzung beschlossen." in page
    assert "Weniger Verkehr" in page
    assert "Bürger:in 2" in page
    assert "Person 2" not in page
    assert "p2@example.org" not in page


def test_table_xlsx_without_private_names(planner, four):
    weigh_all(planner, four)
    book = load_workbook(io.BytesIO(exports.table_xlsx(four[0].procedure)))
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert values[0][:4] == ["Nr.", "Eingang", "Eingangsweg", "Von"]
    assert len(values) == 1 + 1 + 2 + 1 + 1  # header, statement 1, two concerns, two group members
    senders = {row[3] for row in values[1:]}
    assert senders == {"Bürger:in 1", "Bürger:in 2", "Bürger:in 3", "Bürger:in 4"}
    assert not any("Person" in str(cell) for row in values for cell in row)


def inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed object streams inflated, so the catalogue's keys can be searched."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_table_pdf_is_tagged_and_german(planner, four):
    weigh_all(planner, four)
    pdf = exports.table_pdf(four[0].procedure)
    assert pdf.startswith(b"%PDF-")
    text = inflated(pdf)
    assert b"/StructTreeRoot" in text
    assert b"/Lang (de)" in text
    assert b"/TH" in text  # table headers are marked as such
    assert b"pdfuaid" in text  # the PDF/UA identification in the XMP metadata


def test_staff_pages(client, planner, citizen, four):
    slug = four[0].procedure.project.slug
    url = reverse("bauleitplanung:statement", args=[slug, 1])
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(planner)
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "decide", "decision": "teilweise", "reason": REASON})
    assert response.status_code == 302
    assert four[0].concerns.get().decision == "teilweise"
    bad = client.post(url, {"action": "decide", "decision": "teilweise", "reason": "x"})
    assert bad.status_code == 400
    response = client.post(reverse("bauleitplanung:group-new", args=[slug]),
                           {"title": "Bäume", "summary": "Bäume erhalten", "numbers": "3, 4"})  # fmt: skip
    assert Statement.objects.get(number=3).group.title == "Bäume"
    xlsx = client.get(reverse("bauleitplanung:paper", args=[slug, "xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
