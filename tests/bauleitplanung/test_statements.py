"""Statements: the period, contact of people without an account, the place, numbers, receipts after commit."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bauleitplanung.models import BERLIN, Statement, Step
from bauleitplanung.services import statement_record, statement_submit
from bauleitplanung.services.agencies import agency_create
from tests.bauleitplanung.conftest import make_step
from tests.factories import FeatureFactory, LayerFactory

TEXT = "Die geplante Bebauung verschattet unseren Garten an der Nordseite des Stiftsplatzes."


def test_anonymous_statement_gets_number_and_receipt(open_step, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = statement_submit(step=open_step, text=TEXT, name="Erika Muster", email="erika@example.org",
                                 location=Point(7.7680, 49.4435, srid=4326))  # fmt: skip
        second = statement_submit(step=open_step, text=TEXT + " Zweitens.", name="Max", address="Marktstr. 1")
    assert (first.number, second.number) == (1, 2)
    assert len(mailoutbox) == 1  # the postal one gets no mail
    mail = mailoutbox[0]
    assert mail.to == ["erika@example.org"]
    assert "Nr. 1" in mail.subject
    assert TEXT in mail.body
    stored = timezone.localtime(first.received_at, BERLIN)
    assert stored.strftime("%d.%m.%Y, %H:%M:%S") in mail.body
    first.refresh_from_db()
    assert first.receipt_sent_at is not None
    assert first.channel == Statement.Channel.ONLINE


def test_signed_in_user_needs_no_contact(open_step, citizen):
    statement = statement_submit(step=open_step, text=TEXT, user=citizen)
    assert statement.author == citizen
    assert statement.email == citizen.email


@pytest.mark.parametrize(
    ("contact", "field"),
    [
        ({"name": "", "email": "a@example.org"}, "name"),
        ({"name": "A"}, "email"),
        ({"name": "A", "email": "x"}, "email"),
    ],
)
def test_anonymous_needs_name_and_contact(open_step, contact, field):
    with pytest.raises(ValidationError) as error:
        statement_submit(step=open_step, text=TEXT, **contact)
    assert field in error.value.message_dict
    assert not Statement.objects.exists()


def test_text_is_bounded(open_step):
    for text in ("kurz", "x" * 20001):
        with pytest.raises(ValidationError) as error:
            statement_submit(step=open_step, text=text, name="A", email="a@example.org")
        assert "text" in error.value.message_dict


def test_outside_the_period_names_the_period(procedure, mailoutbox, django_capture_on_commit_callbacks):
    past = make_step(procedure, start=-40, end=-2)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        statement_submit(step=past, text=TEXT, name="A", email="a@example.org")
    message = error.value.message_dict["step"][0]
    assert past.starts_on.strftime("%d.%m.%Y") in message
    assert past.ends_on.strftime("%d.%m.%Y") in message
    assert not Statement.objects.exists()
    assert mailoutbox == []


def test_agency_step_refuses_the_public(procedure):
    step = make_step(procedure, Step.Kind.BEHOERDEN)
    with pytest.raises(ValidationError) as error:
        statement_submit(step=step, text=TEXT, name="A", email="a@example.org")
    assert "Behörden" in error.value.message_dict["step"][0]


def test_place_inside_the_plan_area_plus_buffer(open_step):
    # 50 m east of the area's edge (7.7700): inside the 100 m buffer; 1 km away: refused.
    near = statement_submit(step=open_step, text=TEXT, name="A", email="a@example.org",
                            location=Point(7.77069, 49.4435, srid=4326))  # fmt: skip
    assert near.pk
    with pytest.raises(ValidationError) as error:
        statement_submit(step=open_step, text=TEXT, name="A", email="a@example.org",
                         location=Point(7.7840, 49.4435, srid=4326))  # fmt: skip
    assert "Plangebiet" in error.value.message_dict["location"][0]


def test_feature_of_another_project_is_refused(open_step):
    with pytest.raises(ValidationError) as error:
        statement_submit(step=open_step, text=TEXT, name="A", email="a@example.org", feature=FeatureFactory())
    assert "feature" in error.value.message_dict
    own = FeatureFactory(layer=LayerFactory(project=open_step.procedure.project))
    assert statement_submit(step=open_step, text=TEXT, name="A", email="a@example.org", feature=own).feature == own


def test_rolled_back_statement_sends_nothing(open_step, mailoutbox, django_capture_on_commit_callbacks):
    def submit_then_fail():
        with transaction.atomic():
            statement_submit(step=open_step, text=TEXT, name="A", email="a@example.org")
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        submit_then_fail()
    assert mailoutbox == []
    assert not Statement.objects.exists()


def test_staff_record_late_and_other_channels(procedure, planner, citizen):
    past = make_step(procedure, start=-40, end=-2)
    late = statement_record(step=past, actor=planner, channel=Statement.Channel.LETTER,
                            received_at=timezone.now() - timedelta(days=1), text=TEXT, name="B",
                            address="Fackelstr. 2")  # fmt: skip
    assert late.is_late
    assert late.recorded_by == planner
    assert late.channel == "letter"
    in_time = statement_record(step=past, actor=planner, channel=Statement.Channel.MINUTES,
                               received_at=past.closes_at - timedelta(seconds=1), text=TEXT)  # fmt: skip
    assert not in_time.is_late
    with pytest.raises(PermissionDenied):
        statement_record(step=past, actor=citizen, channel="letter", received_at=timezone.now(), text=TEXT)
    with pytest.raises(ValidationError) as error:
        statement_record(step=past, actor=planner, channel="letter", received_at=timezone.now() + timedelta(days=1),
                         text=TEXT)  # fmt: skip
    assert "received_at" in error.value.message_dict


def test_an_address_that_is_none_is_refused_in_one_wording_everywhere(procedure, open_step, planner):
    # The public's statement, the staff's record and a new agency ask the one rule (services.statements).
    wording = "Bitte geben Sie eine gültige E-Mail-Adresse an."
    with pytest.raises(ValidationError) as public:
        statement_submit(step=open_step, text=TEXT, name="A", email="keine-adresse")
    with pytest.raises(ValidationError) as recorded:
        statement_record(step=open_step, actor=planner, channel="letter", received_at=timezone.now(), text=TEXT,
                         email="keine-adresse")  # fmt: skip
    with pytest.raises(ValidationError) as agency:
        agency_create(actor=planner, name="Landesamt", email="keine-adresse")
    assert [e.value.message_dict["email"] for e in (public, recorded, agency)] == [[wording]] * 3
