"""Idea counts per day, category, Stadtteil, status, project and visibility (IdeaRollup), kept by a trigger.

A trigger rather than calls in the services: ideas are also written by the admin, deleted with their author's
test data, and moved to "no project" when a project goes; a row trigger sees every one of those in the same
transaction. It fires on insert and delete, and on updates only when a counted column changes, so a support
(which updates `support_count` alone) does not touch the rollup.
"""

from django.conf import settings
from django.db import connection, transaction

from proposals.models import Idea, IdeaRollup, IdeaWeekRollup

IDEAS = Idea._meta.db_table
ROLLUP = IdeaRollup._meta.db_table
KEY = "day, category_id, stadtteil_id, status, project_id, visibility"
COUNTED = ("created_at", "category_id", "stadtteil_id", "status", "project_id", "visibility")


def _day(row: str) -> str:
    # The local day, as the dashboard's date filters and weeks (TruncWeek, __date) count it.
    return f"({row}.created_at AT TIME ZONE '{settings.TIME_ZONE}')::date"


def _upsert(row: str, delta: int) -> str:
    return f"""
    INSERT INTO {ROLLUP} ({KEY}, count)
    VALUES ({_day(row)}, {row}.category_id, {row}.stadtteil_id, {row}.status, {row}.project_id,
            {row}.visibility, {delta})
    ON CONFLICT ({KEY}) DO UPDATE SET count = {ROLLUP}.count + EXCLUDED.count;"""  # noqa: S608 (names of ours)


def _trigger_sql(name: str, upsert, counted: tuple[str, ...]) -> str:
    """A row trigger that moves one row's count out of its old key and into its new one; updates fire it only
    when a counted column changes."""
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in counted)
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN {upsert("OLD", -1)}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN {upsert("NEW", 1)}
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER {name}_write AFTER INSERT OR DELETE ON {IDEAS}
    FOR EACH ROW EXECUTE FUNCTION {name}();
CREATE TRIGGER {name}_update AFTER UPDATE OF {", ".join(counted)} ON {IDEAS}
    FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {name}();
"""


def _drop_trigger_sql(name: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS {name}_write ON {IDEAS};
DROP TRIGGER IF EXISTS {name}_update ON {IDEAS};
DROP FUNCTION IF EXISTS {name}();
"""


def trigger_sql() -> str:
    """The trigger function and its two triggers (migration 0006 installs them)."""
    return _trigger_sql("proposals_idea_rollup", _upsert, COUNTED)


DROP_TRIGGER_SQL = _drop_trigger_sql("proposals_idea_rollup")


WEEKS = IdeaWeekRollup._meta.db_table
WEEK_KEY = "week, category_id, stadtteil_id, visibility"
WEEK_COUNTED = ("created_at", "category_id", "stadtteil_id", "visibility")


def _week(row: str) -> str:
    return f"date_trunc('week', {row}.created_at AT TIME ZONE '{settings.TIME_ZONE}')::date"


def _week_upsert(row: str, delta: int) -> str:
    return f"""
    INSERT INTO {WEEKS} ({WEEK_KEY}, count)
    VALUES ({_week(row)}, {row}.category_id, {row}.stadtteil_id, {row}.visibility, {delta})
    ON CONFLICT ({WEEK_KEY}) DO UPDATE SET count = {WEEKS}.count + EXCLUDED.count;"""  # noqa: S608 (names of ours)


def week_trigger_sql() -> str:
    """The weekly rollup's trigger function and triggers (migration 0009); a status or project change, or a
    support, does not fire it."""
    return _trigger_sql("proposals_idea_week_rollup", _week_upsert, WEEK_COUNTED)


DROP_WEEK_TRIGGER_SQL = _drop_trigger_sql("proposals_idea_week_rollup")


def _rebuild(table: str, key: str, period: str) -> None:
    """Recount every row of `table` from the ideas: `period` (SQL of the ideas `i`) for the key's first column,
    the others as they are. Writes of ideas wait meanwhile (SHARE lock), reads do not."""
    columns = key.split(", ")[1:]
    values = ", ".join([period, *(f"i.{column}" for column in columns)])
    groups = ", ".join(str(n) for n in range(1, len(columns) + 2))
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {IDEAS} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (table names from the models)
        cursor.execute(
            f"INSERT INTO {table} ({key}, count) SELECT {values}, count(*) FROM {IDEAS} i GROUP BY {groups}"  # noqa: S608
        )


@transaction.atomic
def idea_week_rollup_rebuild() -> None:
    _rebuild(WEEKS, WEEK_KEY, _week("i"))


@transaction.atomic
def idea_rollup_rebuild() -> None:
    _rebuild(ROLLUP, KEY, _day("i"))
