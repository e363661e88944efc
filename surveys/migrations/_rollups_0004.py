"""The rollup triggers as migration 0004 installed them, before the slots (0005): frozen here so that 0004
installs what its schema has (a database migrated to 0004 alone) and 0005's way back leaves working triggers
and the seed function, not none. surveys/rollups.py holds the current ones. Not a migration (the leading
underscore keeps the loader away)."""

from surveys.rollups import (
    CHOICE_KEY,
    PEOPLE_COUNTED,
    RESPONSE_COUNTED,
    RESPONSE_KEY,
    _changed,
    _day,
    _key,
    _person,
    _week,
)


def _response_upsert(row: str, sign: str) -> str:
    return f"""
        INSERT INTO surveys_responserollup ({RESPONSE_KEY}, count, key)
        VALUES ({row}.survey_id, {_day(row)}, {row}.stadtteil_id, {row}.verified, {sign}1, {sign}{_key(f"{row}.id")})
        ON CONFLICT ({RESPONSE_KEY}) DO UPDATE SET count = surveys_responserollup.count + EXCLUDED.count,
            key = surveys_responserollup.key + EXCLUDED.key;"""  # noqa: S608 (names of ours)


def _choices_of_response(row: str, sign: str) -> str:
    """Move all chosen options of response `row` in (+) or out (-) of the rollup."""
    return f"""
        INSERT INTO surveys_choicerollup ({CHOICE_KEY}, count, key, rank_sum, ranked)
        SELECT a.question_id, ac.choice_id, {_day(row)}, {row}.stadtteil_id, {row}.verified, {row}.survey_id,
               {sign}count(*), {sign}count(*) * {_key(f"{row}.id")}, {sign}coalesce(sum(ac.rank), 0),
               {sign}count(ac.rank)
        FROM surveys_answerchoice ac JOIN surveys_answer a ON a.id = ac.answer_id
        WHERE a.response_id = {row}.id
        GROUP BY a.question_id, ac.choice_id
        ON CONFLICT ({CHOICE_KEY}) DO UPDATE SET count = surveys_choicerollup.count + EXCLUDED.count,
            key = surveys_choicerollup.key + EXCLUDED.key, rank_sum = surveys_choicerollup.rank_sum + EXCLUDED.rank_sum,
            ranked = surveys_choicerollup.ranked + EXCLUDED.ranked;"""  # noqa: S608


def _choice_upsert(row: str, sign: str) -> str:
    """One chosen option `row` (an AnswerChoice) in or out, with its response's day, survey and district."""
    return f"""
        INSERT INTO surveys_choicerollup ({CHOICE_KEY}, count, key, rank_sum, ranked)
        SELECT a.question_id, {row}.choice_id, {_day("r")}, r.stadtteil_id, r.verified, r.survey_id,
               {sign}1, {sign}{_key("r.id")}, {sign}coalesce({row}.rank, 0), {sign}({row}.rank IS NOT NULL)::int
        FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
        WHERE a.id = {row}.answer_id
        ON CONFLICT ({CHOICE_KEY}) DO UPDATE SET count = surveys_choicerollup.count + EXCLUDED.count,
            key = surveys_choicerollup.key + EXCLUDED.key, rank_sum = surveys_choicerollup.rank_sum + EXCLUDED.rank_sum,
            ranked = surveys_choicerollup.ranked + EXCLUDED.ranked;"""  # noqa: S608


def _people(row: str, delta: int) -> str:
    """The person of response `row` in or out of its week: across all surveys and in its survey's project."""
    return f"""
        PERFORM surveys_people_add({_week(row)}, 0, {_person(row)}, {delta});
        SELECT s.project_id INTO project FROM surveys_survey s WHERE s.id = {row}.survey_id;
        IF project IS NOT NULL THEN
            PERFORM surveys_people_add({_week(row)}, project, {_person(row)}, {delta});
        END IF;"""  # noqa: S608 (names of ours)


def trigger_sql() -> str:
    """The functions and triggers (migration 0004 installs them, after seed_function_sql())."""
    return f"""
CREATE OR REPLACE FUNCTION surveys_people_add(p_week date, p_scope bigint, p_person bigint, p_delta int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    left_ int;
BEGIN
    IF p_delta > 0 THEN
        INSERT INTO surveys_respondentweek (week, scope, person, responses) VALUES (p_week, p_scope, p_person, 1)
        ON CONFLICT (scope, week, person) DO UPDATE SET responses = surveys_respondentweek.responses + 1
        RETURNING responses INTO left_;
        IF left_ = 1 THEN
            INSERT INTO surveys_respondentweekcount (week, scope, people, key)
            VALUES (p_week, p_scope, 1, {_key("p_person")})
            ON CONFLICT (scope, week) DO UPDATE SET people = surveys_respondentweekcount.people + 1,
                key = surveys_respondentweekcount.key + EXCLUDED.key;
        END IF;
    ELSE
        UPDATE surveys_respondentweek SET responses = responses - 1
        WHERE scope = p_scope AND week = p_week AND person = p_person RETURNING responses INTO left_;
        IF left_ = 0 THEN
            DELETE FROM surveys_respondentweek WHERE scope = p_scope AND week = p_week AND person = p_person;
            UPDATE surveys_respondentweekcount SET people = people - 1, key = key - {_key("p_person")}
            WHERE scope = p_scope AND week = p_week;
        END IF;
    END IF;
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
            PERFORM surveys_people_add({_week("r")}, OLD.project_id, {_person("r")}, -1);
        END IF;
        IF NEW.project_id IS NOT NULL THEN
            PERFORM surveys_people_add({_week("r")}, NEW.project_id, {_person("r")}, 1);
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
