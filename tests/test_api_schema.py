"""schemathesis against /api/schema/ on a live server: no 5xx, and every documented response matches.

Random, not derandomized: each run tries new cases (the seed of a failure is printed to reproduce it). Bounded:
up to SCHEMATHESIS_EXAMPLES cases per operation, but no more than SCHEMATHESIS_SECONDS of calls per operation,
one live server and one data set for all operations, so the run stays around a minute even on a busy machine.
Failures are collected per operation and listed.
"""

import os
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.conftest import ensure_migrated_data
from tests.factories import (
    ChoiceFactory,
    FeatureFactory,
    IdeaFactory,
    LayerFactory,
    ProjectFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
    api_key,
)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "40"))
SECONDS = float(os.environ.get("SCHEMATHESIS_SECONDS", "4"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def api_data(reference_data):
    ensure_migrated_data()
    project = ProjectFactory(slug="stiftsplatz")
    FeatureFactory(layer=LayerFactory(project=project))
    IdeaFactory(project=project)
    question = QuestionFactory(survey=SurveyFactory(), kind="single")
    ChoiceFactory(question=question)
    # A verified citizen's token, so that the writes are exercised too, not only refused.
    return {"Authorization": f"Token {api_key(UserFactory())}"}


def _failure_of(operation, base_url: str, headers: dict) -> str | None:
    """The first failure hypothesis finds for one operation, as text, or None."""
    stop = time.monotonic() + SECONDS

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=False,
        print_blob=True,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: it would run past the budget
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        if time.monotonic() > stop:  # the budget of this operation is spent: the remaining cases pass unsent
            return
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # reported below with the other operations' failures
        return f"{operation.label}: {str(exc)[:800]}"
    return None


def test_the_api_keeps_its_schema(live_server, api_data):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    operations = [result.ok() for result in schema.get_all_operations()]
    failures = [_failure_of(operation, live_server.url, api_data) for operation in operations]
    # The map's list without a token is answered by its lean path (proposals/apis/ideas.py), not by DRF.
    lean = [op for op in operations if op.method.upper() == "GET" and op.path == "/api/v1/ideas/"]
    assert lean, "the ideas list is in the schema"
    failures += [_failure_of(operation, live_server.url, {}) for operation in lean]
    assert [failure for failure in failures if failure] == []
