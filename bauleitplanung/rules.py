"""Who may do what in the formal procedure, as named rules (table in docs/bauleitplanung.md; every role is
tested in tests/bauleitplanung/test_rules.py). Objects: a Step for submitting, a Procedure otherwise."""

import rules
from django.utils import timezone

from accounts.roles import is_city_admin, is_planner


@rules.predicate
def is_open_public_step(user, step) -> bool:
    return step is not None and step.is_public and step.is_open(timezone.now())


# Statements are personal data and the procedure is the planning office's: Moderation has no part in it.
runs_procedures = is_planner | is_city_admin

rules.add_perm("bauleitplanung.view_procedure", rules.always_allow)
rules.add_perm("bauleitplanung.run_procedure", runs_procedures)
rules.add_perm("bauleitplanung.import_plan", runs_procedures)
# Anyone, with or without an account, during a public step (the service asks for name and contact then).
rules.add_perm("bauleitplanung.submit_statement", is_open_public_step)
# Late statements and those by letter, e-mail or Niederschrift.
rules.add_perm("bauleitplanung.record_statement", runs_procedures)
rules.add_perm("bauleitplanung.view_statements", runs_procedures)
rules.add_perm("bauleitplanung.weigh_statements", runs_procedures)
rules.add_perm("bauleitplanung.manage_agencies", runs_procedures)
rules.add_perm("bauleitplanung.publish_decision", runs_procedures)
