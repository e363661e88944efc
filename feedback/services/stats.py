"""FeatureFeedbackStats kept exact: one upsert per change of a published entry, counts and cell keys."""

from django.db import connection

from feedback.disclosure import KEY_MODULUS, record_key_sql
from feedback.models import Feedback

# Keys are sums modulo 2**16; the outer mod keeps them non-negative when an entry is counted out.
_ADD = "mod(mod({t}.{c} + EXCLUDED.{c}, {m}) + {m}, {m})"
_COLUMNS = ("total", "dafuer", "neutral", "dagegen")
UPSERT_SQL = f"""
INSERT INTO feedback_featurefeedbackstats
    (feature_id, total, dafuer, neutral, dagegen, total_key, dafuer_key, neutral_key, dagegen_key)
SELECT %(feature)s, %(delta)s, %(dafuer)s, %(neutral)s, %(dagegen)s,
       %(delta)s * k, %(dafuer)s * k, %(neutral)s * k, %(dagegen)s * k
FROM (SELECT {record_key_sql("%(author)s")} AS k) key
ON CONFLICT (feature_id) DO UPDATE SET
    {", ".join(f"{c} = feedback_featurefeedbackstats.{c} + EXCLUDED.{c}" for c in _COLUMNS)},
    {
    ", ".join(
        f"{c}_key = " + _ADD.format(t="feedback_featurefeedbackstats", c=c + "_key", m=KEY_MODULUS) for c in _COLUMNS
    )
}
"""  # noqa: S608 (column names and the policy's SQL; values are parameters)

# From scratch, for the demo seed and after bulk changes.
_KEY = record_key_sql("author_id")
REBUILD_SQL = f"""
INSERT INTO feedback_featurefeedbackstats
    (feature_id, total, dafuer, neutral, dagegen, total_key, dafuer_key, neutral_key, dagegen_key)
SELECT feature_id, count(*), count(*) FILTER (WHERE opinion = 'dafuer'),
       count(*) FILTER (WHERE opinion = 'neutral'), count(*) FILTER (WHERE opinion = 'dagegen'),
       mod(sum({_KEY}), {KEY_MODULUS}),
       mod(coalesce(sum({_KEY}) FILTER (WHERE opinion = 'dafuer'), 0), {KEY_MODULUS}),
       mod(coalesce(sum({_KEY}) FILTER (WHERE opinion = 'neutral'), 0), {KEY_MODULUS}),
       mod(coalesce(sum({_KEY}) FILTER (WHERE opinion = 'dagegen'), 0), {KEY_MODULUS})
FROM feedback_feedback WHERE visibility = 'published' AND project_id = %(project)s GROUP BY feature_id
"""  # noqa: S608 (the policy's SQL; values are parameters)


def stats_apply(*, feedback: Feedback, delta: int) -> None:
    """Count a published entry in (+1) or out (-1); an upsert, so two first entries on a feature can't race."""
    params = {"feature": feedback.feature_id, "delta": delta, "author": feedback.author_id} | {
        opinion: delta if feedback.opinion == opinion else 0 for opinion in Feedback.Opinion.values
    }
    with connection.cursor() as cursor:
        cursor.execute(UPSERT_SQL, params)


def stats_rebuild(*, project_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM feedback_featurefeedbackstats s USING layers_feature f, layers_layer l "
            "WHERE s.feature_id = f.id AND f.layer_id = l.id AND l.project_id = %s",
            [project_id],
        )
        cursor.execute(REBUILD_SQL, {"project": project_id})
