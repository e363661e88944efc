"""FeatureFeedbackStats kept exact: one upsert per change of a published entry."""

from django.db import connection

from feedback.models import Feedback

UPSERT_SQL = """
INSERT INTO feedback_featurefeedbackstats (feature_id, total, dafuer, neutral, dagegen)
VALUES (%(feature)s, %(delta)s, %(dafuer)s, %(neutral)s, %(dagegen)s)
ON CONFLICT (feature_id) DO UPDATE SET
    total = feedback_featurefeedbackstats.total + EXCLUDED.total,
    dafuer = feedback_featurefeedbackstats.dafuer + EXCLUDED.dafuer,
    neutral = feedback_featurefeedbackstats.neutral + EXCLUDED.neutral,
    dagegen = feedback_featurefeedbackstats.dagegen + EXCLUDED.dagegen
"""

# From scratch, for the demo seed and after bulk changes.
REBUILD_SQL = """
INSERT INTO feedback_featurefeedbackstats (feature_id, total, dafuer, neutral, dagegen)
SELECT feature_id, count(*), count(*) FILTER (WHERE opinion = 'dafuer'),
       count(*) FILTER (WHERE opinion = 'neutral'), count(*) FILTER (WHERE opinion = 'dagegen')
FROM feedback_feedback WHERE visibility = 'published' AND project_id = %(project)s GROUP BY feature_id
ON CONFLICT (feature_id) DO UPDATE SET total = EXCLUDED.total, dafuer = EXCLUDED.dafuer,
    neutral = EXCLUDED.neutral, dagegen = EXCLUDED.dagegen
"""


def stats_apply(*, feedback: Feedback, delta: int) -> None:
    """Count a published entry in (+1) or out (-1); an upsert, so two first entries on a feature can't race."""
    params = {"feature": feedback.feature_id, "delta": delta} | {
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
