"""The scale data set's INSERTs write raw SQL: a new NOT NULL column without a database default breaks
`make bench-data` on a fresh machine (it did twice) while every other test stays green. This finds it first."""

import re

import pytest
from django.db import connection

from bench import data

INSERT = re.compile(r"INSERT INTO (\w+) \((.*?)\)", re.S)


def _inserts() -> dict[str, set[str]]:
    statements = [value for name, value in vars(data).items() if name.endswith("_SQL") and isinstance(value, str)]
    found: dict[str, set[str]] = {}
    for statement in statements:
        for table, columns in INSERT.findall(statement):
            found[table] = {column.strip().strip('"') for column in columns.split(",")}
    return found


@pytest.mark.django_db
def test_every_required_column_is_written():
    inserts = _inserts()
    assert "proposals_idea" in inserts
    assert "surveys_answer" in inserts
    missing = []
    with connection.cursor() as cursor:
        for table, columns in inserts.items():
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND is_nullable = 'NO'"
                " AND column_default IS NULL AND is_identity = 'NO'",
                [table],
            )
            missing += [f"{table}.{name}" for (name,) in cursor.fetchall() if name not in columns]
    assert missing == []
