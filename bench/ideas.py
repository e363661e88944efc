"""Removing the ideas a benchmark inserted (bench.dashboard, bench.gis) with whatever refers to them."""

from django.db import connection, transaction

REFERRING = """
SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
WHERE c.confrelid = 'proposals_idea'::regclass AND c.contype = 'f' AND c.conrelid <> 'proposals_idea'::regclass
"""


def ideas_delete(condition: str, params: list) -> int:
    """Delete the ideas `WHERE <condition>` and first the rows of every table that refers to them: on the
    scale data set a load test run meanwhile may have supported one of them, and a plain DELETE would then
    fail and leave them all behind. Then VACUUM ANALYZE, so the next part reads the table as before."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE bench_gone ON COMMIT DROP AS SELECT id FROM proposals_idea WHERE {condition}",
            params,
        )
        cursor.execute(REFERRING)
        for table, column in cursor.fetchall():
            cursor.execute(f'DELETE FROM {table} WHERE "{column}" IN (SELECT id FROM bench_gone)')
        cursor.execute("DELETE FROM proposals_idea WHERE id IN (SELECT id FROM bench_gone)")
        deleted = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE proposals_idea")
    return deleted
