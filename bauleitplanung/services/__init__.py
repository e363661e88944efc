"""Writes of the formal procedure: every one atomic, checked against the named rules (bauleitplanung.rules)."""

from bauleitplanung.services.procedure import min_publication_end, procedure_create, step_create, step_update
from bauleitplanung.services.statements import statement_record, statement_submit

__all__ = [
    "min_publication_end",
    "procedure_create",
    "statement_record",
    "statement_submit",
    "step_create",
    "step_update",
]
