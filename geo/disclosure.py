"""What a number may say: the one disclosure-control policy every published count passes (docs/privacy.md).

Cell-key method (the Zensus 2022 approach) with a withheld band:
- every record (a respondent, a feedback author) has a secret, stable record key: a seeded hash of its id;
- a cell's key is the sum of its records' keys (mod 2**16), so the same set of people always gives the same
  key, in any table, level, filter or grid (keys of disjoint sets add up, so a parent's key is its parts' sum);
- 0 to SHOWN_FROM - 1 (zero included) is withheld alike (no number); from SHOWN_FROM on, the key picks a
  noise from NOISE and the published count is max(SHOWN_FROM, count + noise).
Because the noise is a function of the cell's contents, reading again, or reading another variant with the
same people, gives the same number (nothing to average away); a cell that differs by a few people gets an
unrelated noise, so subtracting two published numbers does not give the size of the difference.

Why the withheld band is 0..5 and not 1..4: a reader who subtracts published numbers gets an interval for the
hidden group; bounded noise makes that interval tight at one end when the noise lands on its extremes. If
"withheld" meant "1 to 4", a tight end at 4 (or at 1) would pin the group. With 0 and 5 withheld as well, the
ends of "withheld" are 0 and 5, neither a small group, and every published number stands for at least two
possible true counts, so no single subtraction can leave exactly one size of 1..4 (docs/privacy.md, "Proof").
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings

MIN_GROUP = 5  # the promise: no group of 1 to MIN_GROUP - 1 people can be read or derived
SHOWN_FROM = MIN_GROUP + 1  # counts below are withheld; MIN_GROUP itself is the buffer (see above)
METHOD = "cell-key"
KEY_MODULUS = 2**16
# The p-table: noise and its probability (a symmetric, zero-mean distribution; the published value is never
# below SHOWN_FROM, so 6 means "6 to 8").
NOISE: tuple[tuple[int, float], ...] = ((-2, 0.1), (-1, 0.2), (0, 0.4), (1, 0.2), (2, 0.1))
MAX_NOISE = max(abs(d) for d, _p in NOISE)

K = TypeVar("K")


@dataclass(frozen=True)
class Cell:
    """A published count: `count` is None when suppressed; `exact` only for staff views."""

    count: int | None
    suppressed: bool = False
    perturbed: bool = False
    exact: bool = False

    def markers(self) -> dict:
        """The fields every published cell carries."""
        if self.exact:
            return {"exact": True}
        return {"suppressed": self.suppressed, "perturbed": self.perturbed}


def seed() -> int:
    """The secret seed of the record keys (the setting DISCLOSURE_SEED, never SECRET_KEY: a rotated secret key
    must not give every published number fresh noise): a signed bigint."""
    digest = hashlib.sha256(b"klmw-disclosure:" + str(settings.DISCLOSURE_SEED).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def record_key_sql(id_expression: str, *, seed_sql: str | None = None) -> str:
    """SQL for the record key (0 .. KEY_MODULUS - 1) of a bigint id; sum it per cell to get the cell key.

    The seed is a server-side integer, not input, so it is written into the statement. The rollup triggers
    (surveys/rollups.py) pass `seed_sql`, a database function holding the seed they were built with."""
    return f"(hashint8extended(({id_expression})::bigint, {seed_sql or seed()}) & {KEY_MODULUS - 1})::int"


def noise(key: int) -> int:
    u = (key % KEY_MODULUS) / KEY_MODULUS
    running = 0.0
    for value, probability in NOISE:
        running += probability
        if u < running:
            return value
    return NOISE[-1][0]


def publish(count: int, key: int, *, exact: bool = False) -> Cell:
    """The published form of one cell with `count` records whose keys sum to `key`."""
    if exact:
        return Cell(count=count, exact=True)
    if count < SHOWN_FROM:
        return Cell(count=None, suppressed=True)
    return Cell(count=max(SHOWN_FROM, count + noise(key)), perturbed=True)


def publish_within(part: tuple[int, int], whole: tuple[int, int], *, exact: bool = False) -> Cell:
    """A cell of a variant that keeps only some of a cell's people (e.g. verified respondents only), each as
    (count, key): published as the part, but never above the published number of the whole
    (publish_nested with one containing group)."""
    return publish_nested(part, [whole], exact=exact)


def publish_nested(part: tuple[int, int], wholes: Iterable[tuple[int, int]], *, exact: bool = False) -> Cell:
    """A cell (count, key) that is part of other published groups (its Ortsbezirk and the city, the question's
    respondents for a choice, everyone for the verified variant), each as (count, key): published as the
    part, but never above the published number of any of them.

    Pass every group that contains the part, not only the nearest: then a part is never shown above any
    whole, and the min over all of them is still a number the part itself could give (its true count is at
    most the whole's, which is at most that whole's published number + MAX_NOISE).
    Without the cap, a part shown above a group that contains it tells a reader both sit at the extremes of
    their noise, and chained with other subtractions that pins small groups (docs/privacy.md, "Proof")."""
    cell = publish(*part, exact=exact)
    if exact or cell.count is None:
        return cell
    tops = [top for top in (publish(*whole).count for whole in wholes) if top is not None]
    top = min(tops, default=None)
    return cell if top is None or cell.count <= top else Cell(count=top, perturbed=True)


def publish_cells(cells: Mapping[K, tuple[int, int]], *, exact: bool = False) -> dict[K, Cell]:
    """The public API for any app: {cell: (count, key)} → {cell: Cell}. Use it for every number that leaves
    staff hands (see docs/privacy.md)."""
    return {name: publish(count, key, exact=exact) for name, (count, key) in cells.items()}


def share(part: Cell, whole: Cell) -> float | None:
    """part / whole, only when both are published numbers (never the share of a suppressed group)."""
    if part.count is None or whole.count is None or not whole.count:
        return None
    return round(min(part.count, whole.count) / whole.count, 4 if whole.exact else 3)


def disclosure(*, exact: bool) -> dict:
    """The "disclosure" block of every published aggregate."""
    if exact:
        return {"method": "exact", "min_group": MIN_GROUP}
    return {"method": METHOD, "min_group": MIN_GROUP, "shown_from": SHOWN_FROM, "max_noise": MAX_NOISE}
