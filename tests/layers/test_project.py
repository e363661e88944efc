from datetime import timedelta

import pytest
from django.utils import timezone

from layers.models import Project

NOW = timezone.now()


@pytest.mark.parametrize(
    ("open_from", "open_until", "expected"),
    [
        (None, None, False),
        (NOW - timedelta(days=1), None, True),
        (NOW + timedelta(days=1), None, False),
        (NOW - timedelta(days=2), NOW - timedelta(days=1), False),
        (NOW - timedelta(days=2), NOW + timedelta(days=1), True),
        (NOW, NOW + timedelta(days=1), True),  # opens at the instant it says
        (NOW - timedelta(days=1), NOW, False),  # closes at the instant it says
    ],
)
def test_ideas_are_accepted_only_within_the_dates(open_from, open_until, expected):
    project = Project(ideas_open_from=open_from, ideas_open_until=open_until)
    assert project.accepts_ideas(NOW) is expected
