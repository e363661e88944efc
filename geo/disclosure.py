"""What a number may say: the one disclosure-control policy every published count passes (docs/privacy.md).

Cell-key method (the Zensus 2022 approach) with a minimum group:
- every record (a respondent, a feedback author) has a secret, stable record key: a seeded hash of its id;
- a cell's key is the sum of its records' keys (mod 2**16), so the same set of people always gives the same
  key, in any table, level, filter or grid (keys of disjoint sets add up, so a parent's key is its parts' sum);
- 0 stays 0; 1 to MIN_GROUP - 1 is suppressed (no number); from MIN_GROUP on, the key picks a noise from
  NOISE and the published count is max(MIN_GROUP, count + noise).
Because the noise is a function of the cell's contents, reading again, or reading another variant with the
same people, gives the same number (nothing to average away); a cell that differs by a few people gets an
unrelated noise, so subtracting two published numbers does not give the size of the difference.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings

MIN_GROUP = 5
METHOD = "cell-key"
KEY_MODULUS = 2**16
# The p-table: noise and its probability (a symmetric, zero-mean distribution; the published value is never
# below MIN_GROUP, so 5 means "5 to 7").
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
    """The secret seed of the record keys (DISCLOSURE_SEED, else derived from SECRET_KEY): a signed bigint."""
    configured = getattr(settings, "DISCLOSURE_SEED", "") or settings.SECRET_KEY
    digest = hashlib.sha256(b"klmw-disclosure:" + str(configured).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def record_key_sql(id_expression: str) -> str:
    """SQL for the record key (0 .. KEY_MODULUS - 1) of a bigint id; sum it per cell to get the cell key.

    The seed is a server-side integer, not input, so it is written into the statement."""
    return f"(hashint8extended(({id_expression})::bigint, {seed()}) & {KEY_MODULUS - 1})::int"


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
    if count == 0:
        return Cell(count=0)
    if count < MIN_GROUP:
        return Cell(count=None, suppressed=True)
    return Cell(count=max(MIN_GROUP, count + noise(key)), perturbed=True)


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
    return {"method": METHOD, "min_group": MIN_GROUP, "max_noise": MAX_NOISE}
