"""The legal periods: Europe/Berlin, the last day counts until 23:59:59, across daylight-saving changes."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from bauleitplanung.models import Step
from bauleitplanung.services import min_publication_end, step_create

BERLIN = ZoneInfo("Europe/Berlin")


def step(start: date, end: date) -> Step:
    return Step(kind=Step.Kind.VEROEFFENTLICHUNG, starts_on=start, ends_on=end)


def test_first_and_last_second_in_berlin():
    s = step(date(2026, 5, 4), date(2026, 6, 5))
    assert not s.is_open(datetime(2026, 5, 3, 23, 59, 59, tzinfo=BERLIN))
    assert s.is_open(datetime(2026, 5, 4, 0, 0, 0, tzinfo=BERLIN))
    assert s.is_open(datetime(2026, 6, 5, 23, 59, 59, 999999, tzinfo=BERLIN))
    assert not s.is_open(datetime(2026, 6, 6, 0, 0, 0, tzinfo=BERLIN))
    # The same instants in UTC (summer time: Berlin is UTC+2).
    assert s.is_open(datetime(2026, 6, 5, 21, 59, 59, tzinfo=UTC))
    assert not s.is_open(datetime(2026, 6, 5, 22, 0, 0, tzinfo=UTC))


def test_period_ending_on_the_day_summer_time_begins():
    # 29 March 2026: clocks go from 02:00 to 03:00; the next day starts at 22:00 UTC, not 23:00.
    s = step(date(2026, 2, 27), date(2026, 3, 29))
    assert s.is_open(datetime(2026, 3, 29, 21, 59, 59, tzinfo=UTC))
    assert not s.is_open(datetime(2026, 3, 29, 22, 0, 0, tzinfo=UTC))
    assert s.closes_at.utcoffset().total_seconds() == 7200


def test_period_starting_on_the_day_summer_time_ends():
    # 25 October 2026: clocks go back at 03:00; the day still begins at 00:00 CEST (22:00 UTC the day before).
    s = step(date(2026, 10, 25), date(2026, 11, 30))
    assert not s.is_open(datetime(2026, 10, 24, 21, 59, 59, tzinfo=UTC))
    assert s.is_open(datetime(2026, 10, 24, 22, 0, 0, tzinfo=UTC))
    assert not s.is_open(datetime(2026, 11, 30, 23, 0, 0, tzinfo=UTC))  # 1 Dec 00:00 in winter time (UTC+1)
    assert s.is_open(datetime(2026, 11, 30, 22, 59, 59, tzinfo=UTC))


@pytest.mark.parametrize(
    ("start", "earliest"),
    [
        (date(2026, 1, 1), date(2026, 1, 31)),  # a month of 31 days is longer than 30 days
        (date(2026, 2, 1), date(2026, 3, 2)),  # February: 30 days are longer than the month
        (date(2026, 1, 31), date(2026, 3, 1)),  # 31 Jan + 1 month = 28 Feb; 30 days reach 1 March
        (date(2026, 4, 15), date(2026, 5, 14)),
    ],
)
def test_minimum_publication(start, earliest):
    assert min_publication_end(start) == earliest


def test_short_publication_is_refused_naming_the_rule(procedure, planner):
    with pytest.raises(ValidationError) as error:
        step_create(procedure=procedure, actor=planner, kind=Step.Kind.VEROEFFENTLICHUNG,
                    starts_on=date(2026, 2, 1), ends_on=date(2026, 3, 1))  # fmt: skip
    message = error.value.message_dict["ends_on"][0]
    assert "§ 3 Abs. 2 BauGB" in message
    assert "30 Tage" in message
    assert "02.03.2026" in message
    assert not Step.objects.exists()
    ok = step_create(procedure=procedure, actor=planner, kind=Step.Kind.VEROEFFENTLICHUNG,
                     starts_on=date(2026, 2, 1), ends_on=date(2026, 3, 2))  # fmt: skip
    assert ok.pk


def test_short_early_participation_is_allowed(procedure, planner):
    s = step_create(procedure=procedure, actor=planner, kind=Step.Kind.FRUEH_OEFFENTLICHKEIT,
                    starts_on=date(2026, 2, 1), ends_on=date(2026, 2, 14))  # fmt: skip
    assert s.pk


def test_end_before_start_is_refused(procedure, planner):
    with pytest.raises(ValidationError) as error:
        step_create(procedure=procedure, actor=planner, kind=Step.Kind.BEHOERDEN,
                    starts_on=date(2026, 2, 10), ends_on=date(2026, 2, 1))  # fmt: skip
    assert "ends_on" in error.value.message_dict
