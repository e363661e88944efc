"""Who may do what in the formal procedure, as named rules (table in docs/bauleitplanung.md; every role is
tested in tests/bauleitplanung/test_rules.py). Objects: a Step for submitting, a Procedure otherwise."""

import rules
from django.utils import timezone

from accounts.roles import is_city_admin, is_planner
from edge.permissions import grant


@rules.predicate
def is_open_public_step(user, step) -> bool:
    return step is not None and step.is_public and step.is_open(timezone.now())


# Statements are personal data and the procedure is the planning office's: Moderation has no part in it.
runs_procedures = is_planner | is_city_admin

grant("bauleitplanung", rules.always_allow, "view_procedure")
# Anyone, with or without an account, during a public step (the service asks for name and contact then).
grant("bauleitplanung", is_open_public_step, "submit_statement")
# record_statement: late statements and those by letter, e-mail or Niederschrift.
grant("bauleitplanung", runs_procedures, "run_procedure", "import_plan", "record_statement", "view_statements")
grant("bauleitplanung", runs_procedures, "weigh_statements", "manage_agencies", "publish_decision")
