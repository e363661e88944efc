"""Feedback's numbers through geo's ONE disclosure-control policy (geo.disclosure, docs/privacy.md).

A record is the author of an entry (the person behind it); a cell's key is the sum of its records' keys.
Counts per opinion, per feature and per Stadtteil are published with `policy.publish`, shares with
`policy.share`. The map and GIS output are built in SQL, so `published_sql` is the same rule as an SQL
expression, derived from the policy's own constants (tests/feedback/test_disclosure.py holds them equal).
The total of a feature is not perturbed: every published entry is listed on the public pages anyway.
"""

from dataclasses import dataclass
from itertools import accumulate

from django.db.models import Case, Expression, F, FloatField, IntegerField, Value, When
from django.db.models.functions import Cast, Coalesce, Greatest, Least, Round
from django.db.models.lookups import GreaterThan, IsNull, LessThan
from django.utils.translation import gettext_lazy as _

from geo import disclosure as policy

SHOWN_FROM = policy.SHOWN_FROM
OPINIONS = ("dafuer", "neutral", "dagegen")
LABELS = {"dafuer": _("dafür"), "neutral": _("neutral"), "dagegen": _("dagegen")}
KEY_MODULUS = policy.KEY_MODULUS


def record_key_sql(author_column: str) -> str:
    return policy.record_key_sql(author_column)


@dataclass(frozen=True)
class Opinions:
    total: int  # published entries: public anyway
    cells: dict[str, policy.Cell]  # per opinion, as published
    shares: dict[str, float | None] | None  # None: the whole group is too small

    @property
    def counts(self) -> dict[str, int | None] | None:
        return {o: self.cells[o].count for o in OPINIONS} if self.shares is not None else None

    @property
    def share_rows(self) -> list[tuple[str, float | None]]:
        """(opinion label, share or None where suppressed) for pages."""
        return [(LABELS[o], (self.shares or {}).get(o)) for o in OPINIONS]

    @property
    def balance(self) -> float | None:
        """Share in favour minus share against (suppressed shares count as 0), for the map's colours."""
        if self.shares is None:
            return None
        return (self.shares["dafuer"] or 0) - (self.shares["dagegen"] or 0)


def opinions(cells: dict[str, tuple[int, int]]) -> Opinions:
    """{opinion: (count, key)} of one group (a feature, a Stadtteil) → published counts and shares."""
    cells = {o: cells.get(o, (0, 0)) for o in OPINIONS}
    published = policy.publish_cells(cells)
    total = sum(n for n, _key in cells.values())
    whole = policy.publish(total, sum(key for _n, key in cells.values()) % KEY_MODULUS)
    if whole.count is None or not whole.count:
        return Opinions(total=total, cells=published, shares=None)
    return Opinions(total=total, cells=published, shares={o: policy.share(published[o], whole) for o in OPINIONS})


def _noise_sql(key: Expression) -> Case:
    """policy.noise(key) in SQL: the p-table's cumulative probabilities as thresholds on the key."""
    thresholds = accumulate(p for _d, p in policy.NOISE)
    steps = zip((d for d, _p in policy.NOISE), thresholds, strict=True)
    return Case(
        *[When(LessThan(key, Value(t * KEY_MODULUS)), then=Value(d)) for d, t in steps],
        default=Value(policy.NOISE[-1][0]),
        output_field=IntegerField(),
    )


def published_sql(count: Expression, key: Expression) -> Case:
    """policy.publish(count, key).count as SQL: 0..SHOWN_FROM-1 become NULL, the rest gets its noise."""
    return Case(
        When(LessThan(count, SHOWN_FROM), then=Value(None)),
        default=Greatest(Value(SHOWN_FROM), count + _noise_sql(key)),
        output_field=IntegerField(),
    )


def share_sql(part: Expression, whole: Expression) -> Case:
    """policy.share of two published SQL counts: NULL when either is suppressed or the whole is 0."""
    ratio = Round(Cast(Least(part, whole), FloatField()) / Cast(whole, FloatField()), 3)
    return Case(
        When(IsNull(part, True), then=Value(None)),  # LEAST would skip a NULL part and give 1.0
        When(GreaterThan(whole, 0), then=ratio),
        default=Value(None),
        output_field=FloatField(),
    )


def stats_sql(prefix: str = "feedback_stats__") -> dict[str, Expression]:
    """Published counts per opinion and the published total ("total"), from FeatureFeedbackStats."""

    def column(name: str) -> Coalesce:  # a feature without feedback has no stats row
        return Coalesce(F(f"{prefix}{name}"), 0)

    return {o: published_sql(column(o), column(f"{o}_key")) for o in (*OPINIONS, "total")}
