"""Parts that other apps add to the staff page of a statement (the overview: suggested topic and plan feature)
without this app importing them (edge.parts)."""

from edge.parts import Parts

statement_parts = Parts()
register_statement_part = statement_parts.register
