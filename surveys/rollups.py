"""Survey rollups kept by triggers: responses per day/survey/Stadtteil, chosen options per day/survey/question/
choice/Stadtteil, and distinct people per week (all surveys, and per project).

Triggers rather than calls in the services, as for the idea rollup (proposals/services/rollups.py): responses
are also deleted by an account's erasure, a browser's erasure, the admin and cascades, and a response's
Stadtteil is set after its answers; a row trigger sees each of those in the same transaction.

- `surveys_response`: insert and delete; updates only when a counted column changes. An update of the
  Stadtteil, the verified flag, the day or the survey moves the response's chosen options too.
- `surveys_answerchoice`: insert and delete (Django deletes the choices before their answers and responses,
  so the trigger still finds the response; a raw delete in another order would need `rollups_rebuild`).
- `surveys_survey`: a change of project moves the survey's people from the old project's weeks to the new's.

People per week cannot be summed from daily counts (one person, three days). RespondentWeek holds one row per
(week, scope, person) with the number of that person's responses there; RespondentWeekCount counts those rows
when a person enters (0 → 1) or leaves (1 → 0) a week, so reading a week is reading a few rows.

Slots: a write holds the rollup rows it updated until its COMMIT, and in a survey week every response adds to
the same rows (the week's people across all surveys; one survey's day and Stadtteil), so the responses were
written one after another (issue 22, goal 6: p99 8.4 s at 50 responses/s). Every counter is therefore spread
over SLOTS rows per key (the `slot` column, part of the unique key): a write uses the slot of its response's
id (id % SLOTS), so responses arriving together (consecutive ids) take different rows, and readers sum the
slots. A count or key of one slot may be negative (a response deleted after a rebuild, which writes every sum
to slot 0); only the sum per key is meaningful. docs/performance.md, "Load test".

Cell keys: the sums of the record keys under klmw_disclosure_seed(), a SQL function written with the setting's
seed by the migration and by `rollups_rebuild`. `usable()` tells readers whether it still equals the setting;
if not (the seed was changed without a rebuild), they count the raw rows as before.
"""

import logging

from django.conf import settings
from django.db import connection, transaction

from geo.disclosure import record_key_sql, seed

log = logging.getLogger(__name__)

SEED_FUNCTION = "klmw_disclosure_seed()"
TZ = settings.TIME_ZONE


def _key(expression: str) -> str:
    return record_key_sql(expression, seed_sql=SEED_FUNCTION)


def _day(row: str) -> str:
    # The local day and week, as the dashboard's date filters and TruncWeek count them.
    return f"({row}.created_at AT TIME ZONE '{TZ}')::date"


def _week(row: str) -> str:
    return f"date_trunc('week', {row}.created_at AT TIME ZONE '{TZ}')::date"


def _person(row: str) -> str:
    # dashboard.selectors.base.PERSON_SQL for a row variable.
    return f"coalesce({row}.user_id::bigint, hashtextextended('token:' || {row}.token, 0), -{row}.id)"


# Rows per key of every counter; SLOTS responses in flight at once rarely share a row. Readers sum them, so
# a rollup keeps at most SLOTS times its keys' rows (fewer where a key has fewer responses since a rebuild).
SLOTS = 8
RESPONSE_KEY = "survey_id, day, stadtteil_id, verified"
CHOICE_KEY = "question_id, choice_id, day, stadtteil_id, verified, survey_id"
# The triggers name the slot; REBUILD_SQL does not (the column's default, 0), because migration 0004 runs it
# on a table that has no slot column yet when a database is migrated from zero.
RESPONSE_SLOTTED = f"{RESPONSE_KEY}, slot"
CHOICE_SLOTTED = f"{CHOICE_KEY}, slot"
RESPONSE_COUNTED = ("created_at", "survey_id", "stadtteil_id", "verified")
PEOPLE_COUNTED = ("created_at", "survey_id", "user_id", "token")


def _slot(response_id: str) -> str:
    return f"mod({response_id}, {SLOTS})::smallint"


def _response_upsert(row: str, sign: str) -> str:
    return f"""
        INSERT INTO surveys_responserollup ({RESPONSE_SLOTTED}, count, key)
        VALUES ({row}.survey_id, {_day(row)}, {row}.stadtteil_id, {row}.verified, {_slot(f"{row}.id")}, {sign}1,
                {sign}{_key(f"{row}.id")})
        ON CONFLICT ({RESPONSE_SLOTTED}) DO UPDATE SET count = surveys_responserollup.count + EXCLUDED.count,
            key = surveys_responserollup.key + EXCLUDED.key;"""  # noqa: S608 (names of ours)


def _choices_of_response(row: str, sign: str) -> str:
    """Move all chosen options of response `row` in (+) or out (-) of the rollup."""
    return f"""
        INSERT INTO surveys_choicerollup ({CHOICE_SLOTTED}, count, key, rank_sum, ranked)
        SELECT a.question_id, ac.choice_id, {_day(row)}, {row}.stadtteil_id, {row}.verified, {row}.survey_id,
               {_slot(f"{row}.id")}, {sign}count(*), {sign}count(*) * {_key(f"{row}.id")},
               {sign}coalesce(sum(ac.rank), 0), {sign}count(ac.rank)
        FROM surveys_answerchoice ac JOIN surveys_answer a ON a.id = ac.answer_id
        WHERE a.response_id = {row}.id
        GROUP BY a.question_id, ac.choice_id
        ON CONFLICT ({CHOICE_SLOTTED}) DO UPDATE SET count = surveys_choicerollup.count + EXCLUDED.count,
            key = surveys_choicerollup.key + EXCLUDED.key, rank_sum = surveys_choicerollup.rank_sum + EXCLUDED.rank_sum,
            ranked = surveys_choicerollup.ranked + EXCLUDED.ranked;"""  # noqa: S608


def _choice_upsert(row: str, sign: str) -> str:
    """One chosen option `row` (an AnswerChoice) in or out, with its response's day, survey and district."""
    return f"""
        INSERT INTO surveys_choicerollup ({CHOICE_SLOTTED}, count, key, rank_sum, ranked)
        SELECT a.question_id, {row}.choice_id, {_day("r")}, r.stadtteil_id, r.verified, r.survey_id, {_slot("r.id")},
               {sign}1, {sign}{_key("r.id")}, {sign}coalesce({row}.rank, 0), {sign}({row}.rank IS NOT NULL)::int
        FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
        WHERE a.id = {row}.answer_id
        ON CONFLICT ({CHOICE_SLOTTED}) DO UPDATE SET count = surveys_choicerollup.count + EXCLUDED.count,
            key = surveys_choicerollup.key + EXCLUDED.key, rank_sum = surveys_choicerollup.rank_sum + EXCLUDED.rank_sum,
            ranked = surveys_choicerollup.ranked + EXCLUDED.ranked;"""  # noqa: S608


def _people(row: str, delta: int) -> str:
    """The person of response `row` in or out of its week: across all surveys and in its survey's project."""
    return f"""
        PERFORM surveys_people_add({_week(row)}, 0, {_person(row)}, {delta}, {_slot(f"{row}.id")});
        SELECT s.project_id INTO project FROM surveys_survey s WHERE s.id = {row}.survey_id;
        IF project IS NOT NULL THEN
            PERFORM surveys_people_add({_week(row)}, project, {_person(row)}, {delta}, {_slot(f"{row}.id")});
        END IF;"""  # noqa: S608 (names of ours)


def _changed(columns) -> str:
    return " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)


def seed_function_sql() -> str:
    # IMMUTABLE, so the planner folds it into a constant; the value is the setting's seed, never input.
    return (
        f"CREATE OR REPLACE FUNCTION {SEED_FUNCTION} RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE "
        f"AS 'SELECT {int(seed())}::bigint';"
    )


def trigger_sql() -> str:
    """The functions and triggers (migration 0004 installs them, after seed_function_sql())."""
    return f"""
CREATE OR REPLACE FUNCTION surveys_people_add(p_week date, p_scope bigint, p_person bigint, p_delta int, p_slot int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    left_ int;
BEGIN
    -- The person's row first (no other response waits for it), the shared count last: in the slot of the
    -- response that made the person enter or leave, which may differ from the slot they entered by.
    IF p_delta > 0 THEN
        INSERT INTO surveys_respondentweek (week, scope, person, responses) VALUES (p_week, p_scope, p_person, 1)
        ON CONFLICT (scope, week, person) DO UPDATE SET responses = surveys_respondentweek.responses + 1
        RETURNING responses INTO left_;
        IF left_ <> 1 THEN
            RETURN;
        END IF;
    ELSE
        UPDATE surveys_respondentweek SET responses = responses - 1
        WHERE scope = p_scope AND week = p_week AND person = p_person RETURNING responses INTO left_;
        IF left_ IS DISTINCT FROM 0 THEN
            RETURN;
        END IF;
        DELETE FROM surveys_respondentweek WHERE scope = p_scope AND week = p_week AND person = p_person;
    END IF;
    INSERT INTO surveys_respondentweekcount (week, scope, slot, people, key)
    VALUES (p_week, p_scope, p_slot, sign(p_delta)::int, sign(p_delta)::int * {_key("p_person")})
    ON CONFLICT (scope, week, slot) DO UPDATE SET people = surveys_respondentweekcount.people + EXCLUDED.people,
        key = surveys_respondentweekcount.key + EXCLUDED.key;
END $$;

CREATE OR REPLACE FUNCTION surveys_response_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    project bigint;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF {_changed(RESPONSE_COUNTED)} THEN
            {_response_upsert("OLD", "-")}
            {_response_upsert("NEW", "")}
            {_choices_of_response("OLD", "-")}
            {_choices_of_response("NEW", "")}
        END IF;
        IF {_changed(PEOPLE_COUNTED)} THEN
            {_people("OLD", -1)}
            {_people("NEW", 1)}
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        {_response_upsert("OLD", "-")}
        {_people("OLD", -1)}
    ELSE
        {_response_upsert("NEW", "")}
        {_people("NEW", 1)}
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION surveys_choice_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN {_choice_upsert("OLD", "-")}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN {_choice_upsert("NEW", "")}
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION surveys_survey_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM surveys_response WHERE survey_id = NEW.id LOOP
        IF OLD.project_id IS NOT NULL THEN
            PERFORM surveys_people_add({_week("r")}, OLD.project_id, {_person("r")}, -1, {_slot("r.id")});
        END IF;
        IF NEW.project_id IS NOT NULL THEN
            PERFORM surveys_people_add({_week("r")}, NEW.project_id, {_person("r")}, 1, {_slot("r.id")});
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER surveys_response_rollup_write AFTER INSERT OR DELETE ON surveys_response
    FOR EACH ROW EXECUTE FUNCTION surveys_response_rollup();
CREATE TRIGGER surveys_response_rollup_update
    AFTER UPDATE OF {", ".join(sorted(set(RESPONSE_COUNTED) | set(PEOPLE_COUNTED)))} ON surveys_response
    FOR EACH ROW WHEN ({_changed(sorted(set(RESPONSE_COUNTED) | set(PEOPLE_COUNTED)))})
    EXECUTE FUNCTION surveys_response_rollup();
CREATE TRIGGER surveys_choice_rollup_write AFTER INSERT OR DELETE OR UPDATE OF answer_id, choice_id, rank
    ON surveys_answerchoice FOR EACH ROW EXECUTE FUNCTION surveys_choice_rollup();
CREATE TRIGGER surveys_survey_rollup_project AFTER UPDATE OF project_id ON surveys_survey
    FOR EACH ROW WHEN (OLD.project_id IS DISTINCT FROM NEW.project_id) EXECUTE FUNCTION surveys_survey_rollup();
"""  # noqa: S608


DROP_TRIGGER_SQL = f"""
DROP TRIGGER IF EXISTS surveys_response_rollup_write ON surveys_response;
DROP TRIGGER IF EXISTS surveys_response_rollup_update ON surveys_response;
DROP TRIGGER IF EXISTS surveys_choice_rollup_write ON surveys_answerchoice;
DROP TRIGGER IF EXISTS surveys_survey_rollup_project ON surveys_survey;
DROP FUNCTION IF EXISTS surveys_response_rollup();
DROP FUNCTION IF EXISTS surveys_choice_rollup();
DROP FUNCTION IF EXISTS surveys_survey_rollup();
DROP FUNCTION IF EXISTS surveys_people_add(date, bigint, bigint, int);
DROP FUNCTION IF EXISTS surveys_people_add(date, bigint, bigint, int, int);
DROP FUNCTION IF EXISTS {SEED_FUNCTION};
"""

# Every sum into slot 0 (the column's default), so a rebuild also gathers the slots into one row per key.
REBUILD_SQL = [
    "DELETE FROM surveys_responserollup",
    "DELETE FROM surveys_choicerollup",
    "DELETE FROM surveys_respondentweek",
    "DELETE FROM surveys_respondentweekcount",
    f"""INSERT INTO surveys_responserollup ({RESPONSE_KEY}, count, key)
        SELECT r.survey_id, {_day("r")}, r.stadtteil_id, r.verified, count(*), sum({_key("r.id")})
        FROM surveys_response r GROUP BY 1, 2, 3, 4""",  # noqa: S608
    f"""INSERT INTO surveys_choicerollup ({CHOICE_KEY}, count, key, rank_sum, ranked)
        SELECT a.question_id, ac.choice_id, {_day("r")}, r.stadtteil_id, r.verified, r.survey_id, count(*),
               sum({_key("r.id")}), coalesce(sum(ac.rank), 0), count(ac.rank)
        FROM surveys_answerchoice ac JOIN surveys_answer a ON a.id = ac.answer_id
        JOIN surveys_response r ON r.id = a.response_id
        GROUP BY 1, 2, 3, 4, 5, 6""",  # noqa: S608
    f"""INSERT INTO surveys_respondentweek (week, scope, person, responses)
        SELECT {_week("r")}, 0, {_person("r")}, count(*) FROM surveys_response r GROUP BY 1, 3
        UNION ALL
        SELECT {_week("r")}, s.project_id, {_person("r")}, count(*)
        FROM surveys_response r JOIN surveys_survey s ON s.id = r.survey_id WHERE s.project_id IS NOT NULL
        GROUP BY 1, 2, 3""",  # noqa: S608
    f"""INSERT INTO surveys_respondentweekcount (week, scope, people, key)
        SELECT week, scope, count(*), sum({_key("person")}) FROM surveys_respondentweek GROUP BY 1, 2""",  # noqa: S608
]

_usable: dict[int, bool] = {}


@transaction.atomic
def survey_rollups_rebuild() -> None:
    """Recount every survey rollup from the raw rows with the current seed. Writes of responses and choices
    wait meanwhile (SHARE lock), reads do not."""
    with connection.cursor() as cursor:
        cursor.execute(
            "LOCK TABLE surveys_response, surveys_answer, surveys_answerchoice, surveys_survey IN SHARE MODE"
        )
        cursor.execute(seed_function_sql())
        for statement in REBUILD_SQL:
            cursor.execute(statement)
    usable_forget()


def usable_forget() -> None:
    """Ask the database again on the next `usable()` (after a rebuild; tests whose rebuild was rolled back)."""
    _usable.clear()


def usable() -> bool:
    """Whether the rollups' cell keys were summed under the current DISCLOSURE_SEED (one query per seed and
    process). If not, readers count raw rows; `rollups_rebuild` makes them usable again."""
    current = seed()
    if current not in _usable:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {SEED_FUNCTION}")
            _usable[current] = cursor.fetchone()[0] == current
        if not _usable[current]:
            log.warning("Survey rollups were built with another DISCLOSURE_SEED: run manage.py rollups_rebuild")
    return _usable[current]


def _survey_people(sign: str) -> str:
    """The survey's people per week, across all surveys (scope 0) and in its project, as (week, scope, person, n)."""
    return f"""
        SELECT {_week("r")} AS week, 0::bigint AS scope, {_person("r")} AS person, {sign}count(*) AS n
        FROM surveys_response r WHERE r.survey_id = %(survey)s GROUP BY 1, 3
        UNION ALL
        SELECT {_week("r")}, s.project_id, {_person("r")}, {sign}count(*)
        FROM surveys_response r JOIN surveys_survey s ON s.id = r.survey_id
        WHERE r.survey_id = %(survey)s AND s.project_id IS NOT NULL GROUP BY 1, 2, 3"""  # noqa: S608


def _survey_sql(sign: str) -> list[str]:
    """What the triggers would have done for every response and chosen option of one survey, set-based: add
    them (sign "") or take them out ("-"). A person enters a week when their count there goes from 0 to n
    and leaves when it falls to 0 (the rows at 0 are then deleted, as the trigger deletes them). The sums go to
    slot 0 (the column's default), as a rebuild writes them: readers sum the slots of a key."""
    return [
        f"""INSERT INTO surveys_responserollup ({RESPONSE_KEY}, count, key)
            SELECT r.survey_id, {_day("r")}, r.stadtteil_id, r.verified, {sign}count(*), {sign}sum({_key("r.id")})
            FROM surveys_response r WHERE r.survey_id = %(survey)s GROUP BY 1, 2, 3, 4
            ON CONFLICT ({RESPONSE_SLOTTED}) DO UPDATE SET count = surveys_responserollup.count + EXCLUDED.count,
                key = surveys_responserollup.key + EXCLUDED.key""",  # noqa: S608
        f"""INSERT INTO surveys_choicerollup ({CHOICE_KEY}, count, key, rank_sum, ranked)
            SELECT a.question_id, ac.choice_id, {_day("r")}, r.stadtteil_id, r.verified, r.survey_id, {sign}count(*),
                   {sign}sum({_key("r.id")}), {sign}coalesce(sum(ac.rank), 0), {sign}count(ac.rank)
            FROM surveys_answerchoice ac JOIN surveys_answer a ON a.id = ac.answer_id
            JOIN surveys_response r ON r.id = a.response_id WHERE r.survey_id = %(survey)s
            GROUP BY 1, 2, 3, 4, 5, 6
            ON CONFLICT ({CHOICE_SLOTTED}) DO UPDATE SET count = surveys_choicerollup.count + EXCLUDED.count,
                key = surveys_choicerollup.key + EXCLUDED.key, rank_sum = surveys_choicerollup.rank_sum
                + EXCLUDED.rank_sum, ranked = surveys_choicerollup.ranked + EXCLUDED.ranked""",  # noqa: S608
        f"""WITH moved AS (SELECT * FROM ({_survey_people(sign)}) p),
            stored AS (
                INSERT INTO surveys_respondentweek (week, scope, person, responses)
                SELECT week, scope, person, n FROM moved
                ON CONFLICT (scope, week, person) DO UPDATE
                SET responses = surveys_respondentweek.responses + EXCLUDED.responses
                RETURNING week, scope, person, responses)
            INSERT INTO surveys_respondentweekcount (week, scope, people, key)
            SELECT s.week, s.scope, {sign}count(*), {sign}sum({_key("s.person")})
            FROM stored s JOIN moved m USING (week, scope, person)
            WHERE s.responses = {"m.n" if sign == "" else "0"}
            GROUP BY 1, 2
            ON CONFLICT (scope, week, slot) DO UPDATE SET people = surveys_respondentweekcount.people + EXCLUDED.people,
                key = surveys_respondentweekcount.key + EXCLUDED.key""",  # noqa: S608
        "DELETE FROM surveys_respondentweek WHERE responses = 0",
    ]


def survey_rollups_add(survey_id: int) -> None:
    """Count one survey's responses and chosen options into the rollups at once: for rows written with the
    triggers off (`session_replication_role = replica`, as surveys.demo.generate writes a large demo survey),
    where a trigger run per row would take minutes. The rows must not be counted yet."""
    with connection.cursor() as cursor:
        for statement in _survey_sql(""):
            cursor.execute(statement, {"survey": survey_id})


def survey_rollups_remove(survey_id: int) -> None:
    """Take one survey's responses and chosen options out of the rollups at once, before they are deleted with
    the triggers off (the reverse of survey_rollups_add)."""
    with connection.cursor() as cursor:
        for statement in _survey_sql("-"):
            cursor.execute(statement, {"survey": survey_id})
