"""Opinion shares pass here before anyone sees them: per feature, per Stadtteil, in pages, API and exports.

TODO(privacy): replace with geo's ONE disclosure-control policy when it lands on main; this module then only
asks that policy. Until then the platform's published rule holds: a group of fewer than MIN_GROUP
contributions shows no opinion counts or shares (its total stays visible, since every entry is public).
"""

from django.db.models import Case, Expression, FloatField, IntegerField, Value, When
from django.db.models.functions import Cast, Round
from django.db.models.lookups import GreaterThanOrEqual

MIN_GROUP = 5
OPINIONS = ("dafuer", "neutral", "dagegen")


def is_disclosed(total: int) -> bool:
    return total >= MIN_GROUP


def opinion_shares(counts: dict[str, int]) -> dict[str, float] | None:
    """{"dafuer": 0.6, …} for a group's opinion counts, or None when the group is too small to show."""
    total = sum(counts.get(o, 0) for o in OPINIONS)
    if not is_disclosed(total):
        return None
    return {o: round(counts.get(o, 0) / total, 3) for o in OPINIONS}


def count_sql(count: Expression, *, total: Expression) -> Case:
    """The same rule in SQL (map and GIS output): `count`, or NULL where the group of `total` is too small."""
    return Case(
        When(GreaterThanOrEqual(total, MIN_GROUP), then=count), default=Value(None), output_field=IntegerField()
    )


def share_sql(count: Expression, *, total: Expression) -> Case:
    """count / total rounded to three places, or NULL where the group is too small."""
    share = Round(Cast(count, FloatField()) / Cast(total, FloatField()), 3)
    return Case(When(GreaterThanOrEqual(total, MIN_GROUP), then=share), default=Value(None), output_field=FloatField())
