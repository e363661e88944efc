"""Abwägung: whole statements, split concerns, groups weighed once; the council decision sends the results
after the commit and makes the letter list and letters; the council papers as XLSX, ODS and tagged PDF."""

import io
import re
import zlib
from datetime import timedelta

import pikepdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.roles import Role
from bauleitplanung import exports, tablepdf
from bauleitplanung.models import Procedure, Statement, TablePdf
from bauleitplanung.services.classify import concern_topic_set, statement_feature_set
from bauleitplanung.services.weighing import (
    concern_decide,
    concerns_split,
    decision_publish,
    group_create,
    group_decide,
    statement_decide,
    unweighed,
    unweighed_count,
)
from tests.factories import FeatureFactory, LayerFactory, UserFactory
from tests.geo.test_tables import ods_rows

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
    concern_topic_set(statement=two, concern=first, actor=planner, topic=" Grün ")
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


def test_cached_unweighed_count_follows_every_write(planner, four, django_assert_num_queries):
    procedure = Procedure.objects.get(pk=four[0].procedure_id)
    procedure.last_number = 4
    procedure.save()

    def count() -> int:
        return unweighed_count(Procedure.objects.get(pk=procedure.pk))

    assert count() == 4
    fresh = Procedure.objects.get(pk=procedure.pk)
    with django_assert_num_queries(0):  # read from the cache
        assert unweighed_count(fresh) == 4
    statement_decide(statement=four[0], actor=planner, decision="beruecksichtigt", reason=REASON)
    assert count() == 3
    concerns_split(statement=four[1], actor=planner, summaries=["A", "B"])
    assert count() == 3
    group = group_create(procedure=procedure, actor=planner, title="Bäume", summary="Bäume erhalten",
                         statements=[four[2], four[3]])  # fmt: skip
    assert count() == 3
    group_decide(group=group, actor=planner, decision="zur_kenntnis", reason=REASON)
    assert count() == 1
    first, second = four[1].concerns.all()
    concern_decide(concern=first, actor=planner, decision="teilweise", reason=REASON)
    concern_decide(concern=second, actor=planner, decision="teilweise", reason=REASON)
    assert count() == 0
    statement(four[0].step, 5)
    Procedure.objects.filter(pk=procedure.pk).update(last_number=5)  # as the numbering does
    assert count() == 1


def test_only_planners_weigh(citizen, moderator, four):
    for user in (citizen, moderator):
        with pytest.raises(PermissionDenied):
            statement_decide(statement=four[0], actor=user, decision="teilweise", reason=REASON)


def test_topic_and_feature_are_set_by_planners_while_the_weighing_is_open(planner, moderator, four):
    one, two, three, _four = four
    own = FeatureFactory(layer=LayerFactory(project=one.procedure.project))
    for user in (moderator, None):
        with pytest.raises(PermissionDenied):
            concern_topic_set(statement=one, actor=user, topic="Verkehr")
        with pytest.raises(PermissionDenied):
            statement_feature_set(statement=one, actor=user, feature=own)
    assert concern_topic_set(statement=one, actor=planner, topic="Verkehr").topic == "Verkehr"
    assert one.concerns.get().summary == one.text  # the statement as a whole, as statement_decide makes it
    with pytest.raises(ValidationError):
        concern_topic_set(statement=one, actor=planner, topic="x" * 101)
    with pytest.raises(ValidationError):
        statement_feature_set(statement=one, actor=planner, feature=FeatureFactory())  # another plan's
    assert statement_feature_set(statement=one, actor=planner, feature=own).feature == own
    concerns_split(statement=two, actor=planner, summaries=["A", "B"])
    with pytest.raises(ValidationError):  # split: each concern gets its own
        concern_topic_set(statement=two, actor=planner, topic="Verkehr")
    with pytest.raises(ValidationError):  # another statement's concern
        concern_topic_set(statement=two, concern=one.concerns.get(), actor=planner, topic="Verkehr")
    group = group_create(procedure=one.procedure, actor=planner, title="G", summary="S", statements=[three, _four])
    assert group.members.count() == 2
    with pytest.raises(ValidationError):  # weighed with its group
        concern_topic_set(statement=three, actor=planner, topic="Verkehr")


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


EXPECTED_ROWS = [  # (Nr., Von, Gruppe, Thema, Anliegen, Abwägung): one row per concern, a group's members share its one
    (1, "Bürger:in 1", "", "", "Anliegen Nummer 1.", "berücksichtigt"),
    (2, "Bürger:in 2", "", "", "Weniger Verkehr", "nicht berücksichtigt"),
    (2, "Bürger:in 2", "", "Grün", "Mehr Grün", "teilweise berücksichtigt"),
    (3, "Bürger:in 3", "Bäume", "", "Bäume erhalten", "zur Kenntnis genommen"),
    (4, "Bürger:in 4", "Bäume", "", "Bäume erhalten", "zur Kenntnis genommen"),
]


def _table_content(values: list[list]) -> list[tuple]:
    assert values[0] == ["Nr.", "Eingang", "Eingangsweg", "Von", "Schritt", "Gruppe", "Bezug", "Thema", "Anliegen",
                         "Abwägung", "Begründung"]  # fmt: skip
    body = values[1:]
    assert all(row[10] == REASON for row in body)
    assert all(row[2] == "online" and row[4] == "Veröffentlichung (§ 3 Abs. 2 BauGB)" for row in body)
    assert not any("Person" in str(cell) or "@example.org" in str(cell) for row in values for cell in row)
    return sorted((int(row[0]), row[3], row[5] or "", row[7] or "", row[8], row[9]) for row in body)


def test_table_xlsx_content_without_private_names(planner, four):
    weigh_all(planner, four)
    book = load_workbook(io.BytesIO(exports.table_xlsx(four[0].procedure)))
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert _table_content(values) == EXPECTED_ROWS


def test_table_ods_content_without_private_names(planner, four):
    weigh_all(planner, four)
    content = exports.table_ods(four[0].procedure)
    rows = ods_rows(content)
    assert rows[1][0][0] == "float"  # the number is a number, the rest text
    values = [[text for _type, text in row] for row in rows]
    assert _table_content(values) == EXPECTED_ROWS


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed object streams inflated, so the catalogue's keys can be searched."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def structure(pdf: bytes) -> dict:
    """The document language, the structure types and header scopes used, and what would make the tags useless:
    a page whose marked content points at elements not reachable from the structure tree's root or on another
    page, or a cell naming a header id that does not exist."""
    document = pikepdf.open(io.BytesIO(pdf))
    tree = document.Root.StructTreeRoot
    reachable, ids, headers, stack = set(), set(), [], list(tree.K) if isinstance(tree.K, pikepdf.Array) else [tree.K]
    types, scopes = set(), set()
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            reachable.add(node.objgen)
            types.add(str(node.S))
            if "/ID" in node:
                ids.add(str(node.ID))
            for attributes in node.A if isinstance(node.get("/A"), pikepdf.Array) else [node.get("/A")]:
                if isinstance(attributes, pikepdf.Dictionary):
                    headers += [str(h) for h in attributes.get("/Headers", [])]
                    scopes |= {str(attributes.Scope)} if "/Scope" in attributes else set()
            stack += list(node.K) if isinstance(node.get("/K"), pikepdf.Array) else [node.get("/K")]
    nums = list(tree.ParentTree.Nums)
    parents = dict(zip([int(key) for key in nums[::2]], nums[1::2], strict=True))
    problems = [f"header id {h} unknown" for h in headers if h not in ids]
    for number, page in enumerate(document.pages, start=1):
        for element in parents[int(page.obj.StructParents)]:
            if element.objgen not in reachable or element.Pg.objgen != page.obj.objgen:
                problems.append(f"page {number}: {element.S} not in the tree or on another page")
    return {"lang": str(document.Root.get("/Lang", "")), "marked": bool(document.Root.MarkInfo.Marked),
            "types": types, "scopes": scopes, "problems": problems}  # fmt: skip


def table_pdf_via_job(client, planner, procedure, capture) -> bytes:
    """The staff start the job on the list page; Celery runs it (eagerly in the tests) after the commit."""
    client.force_login(planner)
    slug = procedure.project.slug
    with capture(execute=True):
        started = client.post(reverse("bauleitplanung:table-pdf", args=[slug]))
    assert started.status_code == 302
    job = procedure.table_pdfs.get()
    assert job.state == TablePdf.State.DONE, job.error
    response = client.get(reverse("bauleitplanung:paper", args=[slug, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_table_pdf_is_tagged_and_german(client, planner, four, django_capture_on_commit_callbacks):
    weigh_all(planner, four)
    pdf = table_pdf_via_job(client, planner, four[0].procedure, django_capture_on_commit_callbacks)
    assert pdf.startswith(b"%PDF-")
    tags = structure(pdf)
    assert tags["lang"] == "de"
    assert tags["marked"]
    assert {"/Document", "/H1", "/Table", "/THead", "/TH", "/TD", "/Caption"} <= tags["types"]
    assert tags["scopes"] == {"/Column"}  # the header row's cells are headers of their columns
    assert tags["problems"] == []
    assert b"pdfuaid" in inflated(pdf)  # the PDF/UA identification in the XMP metadata
    words = " ".join(pdf_text(pdf).split())
    for expected in ("Bürger:in 2", "Weniger Verkehr", "nicht berücksichtigt", "zur Kenntnis genommen", "Bäume"):
        assert expected in words
    assert not re.search(r"Person \d", words)  # the names ("Person 2"), not the note on private persons


def test_large_tables_are_set_in_parts_and_joined_into_one_tagged_pdf(
    client, planner, four, monkeypatch, django_capture_on_commit_callbacks
):
    """Memory is bounded by one part: Typst sets PART rows per child process, the parts become one document
    whose structure tree still covers every page, with the page numbers running on."""
    weigh_all(planner, four)
    for number in range(5, 12):
        statement(four[0].step, number, text=f"Anliegen Nummer {number}.\nZweiter Absatz, *kein* #Markup.")
    monkeypatch.setattr(tablepdf, "PART", 3)
    pdf = table_pdf_via_job(client, planner, four[0].procedure, django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 4  # at least one page per part of three rows
    tags = structure(pdf)
    assert tags["problems"] == []
    assert tags["lang"] == "de"
    assert b"pdfuaid" in inflated(pdf)
    words = " ".join(pdf_text(pdf).split())
    assert words.count("Abwägungstabelle: ") == 1  # the title once, on the first part
    assert "Anliegen Nummer 11. Zweiter Absatz, *kein* #Markup." in words  # text is set as text, never markup
    order = [row[0] for row in exports.rows(four[0].procedure)]  # groups first, then by number
    positions = [words.index(f"Bürger:in {n} ") for n in dict.fromkeys(order)]
    assert len(positions) == 11
    assert positions == sorted(positions)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert [f"Seite {n}" in text for n, text in enumerate(pages, start=1)] == [True] * len(pages)
    assert four[0].procedure.table_pdfs.get().pages == len(pages)


def test_table_pdf_job_progress_and_download_on_the_staff_list(client, planner, citizen, four,
                                                                django_capture_on_commit_callbacks):  # fmt: skip
    procedure = four[0].procedure
    slug = procedure.project.slug
    url = reverse("bauleitplanung:statements", args=[slug])
    pdf_url = reverse("bauleitplanung:paper", args=[slug, "pdf"])
    client.force_login(planner)
    assert client.get(pdf_url).status_code == 302  # nothing set yet: a request never sets it
    running = TablePdf.objects.create(procedure=procedure, state=TablePdf.State.RUNNING, statements=4, done=2)
    page = client.get(url).content.decode()
    assert "2 von 4 Stellungnahmen (50 %)" in page
    assert '<progress max="100" value="50"' in page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("bauleitplanung:table-pdf", args=[slug]))
    assert callbacks == []  # one running: a second click queues nothing
    running.state = TablePdf.State.FAILED
    running.error = "RuntimeError: kaputt"
    running.save()
    assert "kaputt" in client.get(url).content.decode()
    pdf = table_pdf_via_job(client, planner, procedure, django_capture_on_commit_callbacks)
    assert pdf.startswith(b"%PDF-")
    assert list(procedure.table_pdfs.values_list("state", flat=True)) == ["done"]  # older ones are removed
    page = client.get(url).content.decode()
    assert "herunterladen" in page
    assert "seitdem geändert" not in page
    weigh_all(planner, four)
    assert "seitdem geändert" in client.get(url).content.decode()
    client.force_login(citizen)
    assert client.post(reverse("bauleitplanung:table-pdf", args=[slug])).status_code == 403
    assert client.get(pdf_url).status_code == 403


def test_result_letters_one_per_postal_submitter(client, planner, four):
    weigh_all(planner, four)
    procedure = four[0].procedure
    five = statement(four[0].step, 5, email="", address="Am Altenhof 3\n67655 Kaiserslautern",
                     text="Bitte den Spielplatz erhalten, er ist der einzige im Viertel.")  # fmt: skip
    statement_decide(statement=five, actor=planner, decision="beruecksichtigt", reason=REASON)
    procedure.last_number = 5
    procedure.save()
    url = reverse("bauleitplanung:letters", args=[procedure.project.slug])
    client.force_login(planner)
    early = client.get(url)  # no letters before the council's decision
    assert early.status_code == 302
    decision_publish(procedure=procedure, actor=planner, decided_on=timezone.localdate() - timedelta(days=2),
                     text="Satzung beschlossen.")  # fmt: skip
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) == 2  # one letter each for Nr. 4 and Nr. 5, each from a new page
    four_, five_ = pages
    assert "Person 4" in four_
    assert "Marktstraße 1" in four_
    assert "Stellungnahme Nr. 4" in four_
    assert "Unterschriftenliste: Bäume erhalten!" in four_
    assert "zur Kenntnis genommen" in four_
    assert REASON in four_
    decided = (timezone.localdate() - timedelta(days=2)).strftime("%d.%m.%Y")
    assert f"Der Stadtrat hat am {decided}" in five_
    assert "Am Altenhof 3" in five_
    assert "Spielplatz" in five_
    assert "berücksichtigt" in five_
    assert "p1@example.org" not in " ".join(pages)  # those with e-mail got a mail, not a letter
    text = inflated(pdf)
    assert b"/StructTreeRoot" in text
    assert b"/Lang (de)" in text
    assert b"pdfuaid" in text
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    assert client.get(url).status_code == 403


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
    ods = client.get(reverse("bauleitplanung:paper", args=[slug, "ods"]))
    assert ods.status_code == 200
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert ods["Content-Disposition"] == f'attachment; filename="abwaegung-{slug}.ods"'
    assert ("string", "Bäume") in [cell for row in ods_rows(ods.content) for cell in row]
    assert client.get(reverse("bauleitplanung:paper", args=[slug, "exe"])).status_code == 404


def test_the_published_weighing_pager_keeps_the_other_parameters(client, planner, four, monkeypatch):
    """Turning the Abwägung's page keeps the page of another panel on the project page (?seite=2)."""
    monkeypatch.setattr("bauleitplanung.views.PAGE_SIZE", 2)
    weigh_all(planner, four)
    procedure = four[0].procedure
    decision_publish(procedure=procedure, actor=planner, decided_on=timezone.localdate(), text="Satzung beschlossen.")
    page = client.get(procedure.project.get_absolute_url() + "?seite=2&abwaegung=1").content.decode()
    assert 'href="?seite=2&amp;abwaegung=2#abwaegung"' in page


def test_a_topic_for_a_concern_that_is_no_number_is_refused_not_a_server_error(client, planner, four):
    url = reverse("bauleitplanung:statement", args=[four[0].procedure.project.slug, 1])
    client.force_login(planner)
    assert client.post(url, {"action": "topic", "concern": "abc", "topic": "Verkehr"}).status_code == 404
    for concern in ("²", "9" * 30):  # int("²") and a number beyond bigint failed after str.isdigit()
        assert client.post(url, {"action": "topic", "concern": concern, "topic": "Verkehr"}).status_code == 404
        assert client.post(url, {"action": "concern", "concern": concern, "decision": "x"}).status_code == 404


@pytest.mark.parametrize("junk", ["²", "9" * 30])
def test_ids_and_numbers_that_are_no_plain_numbers_are_refused_not_a_server_error(client, planner, four, junk):
    # str.isdigit() let "²" through to int(), and a number beyond the column's range through to the database.
    slug = four[0].procedure.project.slug
    client.force_login(planner)
    assert client.get(reverse("bauleitplanung:statements", args=[slug]), {"step": junk}).status_code == 200
    assert client.get(reverse("bauleitplanung:steps", args=[slug]), {"schritt": junk}).status_code == 200
    url = reverse("bauleitplanung:statement", args=[slug, 1])
    assert client.post(url, {"action": "feature", "feature": junk}).status_code == 400
    group = client.post(reverse("bauleitplanung:group-new", args=[slug]),
                        {"title": "Bäume", "summary": "Bäume erhalten", "numbers": f"3, {junk}, 4"})  # fmt: skip
    assert group.status_code == 302
    assert Statement.objects.get(number=3).group.title == "Bäume"
    agencies = client.post(reverse("bauleitplanung:agencies", args=[slug]),
                           {"action": "invite", "step": four[0].step_id, "agency": [junk]})  # fmt: skip
    assert agencies.status_code == 302


def test_a_new_topic_or_plan_feature_marks_the_table_pdf_outdated(planner, four):
    # Both are columns of the Abwägungstabelle ("Thema", "Bezug"): a PDF set before shows them no longer.
    one = four[0]
    procedure = one.procedure
    before = Procedure.objects.get(pk=procedure.pk).weighing_version
    concern_topic_set(statement=one, actor=planner, topic="Verkehr")
    after_topic = Procedure.objects.get(pk=procedure.pk).weighing_version
    assert after_topic > before
    statement_feature_set(
        statement=one, actor=planner, feature=FeatureFactory(layer=LayerFactory(project=procedure.project))
    )
    assert Procedure.objects.get(pk=procedure.pk).weighing_version > after_topic


def test_a_lost_table_pdf_job_no_longer_hides_the_button_to_start_one(client, planner, four):
    # A worker restarted: the row stays "running"; after TablePdf.STALE the service starts a new job, so the
    # staff list must offer the button again instead of a progress that never moves.
    procedure = four[0].procedure
    lost = TablePdf.objects.create(procedure=procedure, state=TablePdf.State.RUNNING, statements=4, done=2)
    TablePdf.objects.filter(pk=lost.pk).update(created_at=timezone.now() - TablePdf.STALE - timedelta(minutes=1))
    client.force_login(planner)
    page = client.get(reverse("bauleitplanung:statements", args=[procedure.project.slug])).content.decode()
    assert reverse("bauleitplanung:table-pdf", args=[procedure.project.slug]) in page


def test_a_table_pdf_job_that_waited_in_the_queue_is_not_lost_once_a_worker_starts_it(planner, four, monkeypatch):
    # The worker was down for longer than TablePdf.STALE: while it sets the table now, the job is running, not lost.
    from bauleitplanung.services.papers import active_table_pdf, table_pdf_render_run

    procedure = four[0].procedure
    waited = TablePdf.objects.create(procedure=procedure, statements=4)
    TablePdf.objects.filter(pk=waited.pk).update(created_at=timezone.now() - TablePdf.STALE - timedelta(minutes=10))
    seen = []

    def table_pdf(procedure, progress):
        seen.append(active_table_pdf(procedure))
        raise RuntimeError("stop here")

    monkeypatch.setattr(exports, "table_pdf", table_pdf)
    assert table_pdf_render_run(pdf_id=waited.pk).state == TablePdf.State.FAILED
    assert seen == [waited]


def test_a_plan_with_more_features_than_the_list_shows_is_searched(client, planner, four, monkeypatch):
    """An FNP has hundreds of features: the list shows the first FEATURES_OFFERED, the search finds the others by
    layer or gml:id, and a statement's feature stays selected even when the list does not reach it."""
    monkeypatch.setattr("bauleitplanung.selectors.FEATURES_OFFERED", 3)
    project = four[0].procedure.project
    layer = LayerFactory(project=project, name="FP_Flaeche")
    features = [FeatureFactory(layer=layer, attributes={"gml_id": f"GML_{n}"}) for n in range(1, 6)]
    LayerFactory(project=project, name="FP_Baum")  # a layer without features: no match, no error
    url = reverse("bauleitplanung:statement", args=[project.slug, 1])
    client.force_login(planner)

    page = client.get(url).content.decode()
    assert page.count("FP_Flaeche GML_") == 3
    assert "Es werden die ersten 3 Planinhalte gezeigt" in page
    assert "FP_Flaeche GML_5" not in page

    found = client.get(url, {"objekt": " gml_5 "}).content.decode()
    assert '">FP_Flaeche GML_5</option>' in found
    assert "FP_Flaeche GML_1<" not in found
    assert "ersten" not in found
    assert client.post(url, {"action": "feature", "feature": features[4].pk}).status_code == 302
    page = client.get(url).content.decode()
    assert f'<option value="{features[4].pk}" selected>FP_Flaeche GML_5</option>' in page  # beyond the first 3

    for nothing in ("%", "G_L", "GML_9", "x" * 5000):  # LIKE's wildcards are plain text ("G_L" is no "GML"); cut
        response = client.get(url, {"objekt": nothing})
        assert response.status_code == 200
        assert "Kein Planinhalt passt zu" in response.content.decode(), nothing[:10]
