"""A careful reader with nothing but published numbers and docs/privacy.md (method, MIN_GROUP, SHOWN_FROM, the
noise bound): what true counts are consistent with what was published, and can a small group be pinned down?"""

from collections.abc import Hashable, Iterable

from geo.disclosure import MAX_NOISE, MIN_GROUP, NOISE, SHOWN_FROM

SMALL = range(1, MIN_GROUP)
UNKNOWN = "unknown"  # a group nothing was published about: any size
MANY = 10**9


def published_range(true: int) -> set[int | None]:
    """Every number the policy can publish for a cell of `true` records (None: withheld)."""
    if true < SHOWN_FROM:
        return {None}
    return {max(SHOWN_FROM, true + d) for d, _p in NOISE}


def candidates(published: int | str | None, *, exact: bool = False) -> range:
    """The true counts that could have given `published` (an interval)."""
    if published == UNKNOWN:
        return range(0, MANY)
    if exact:
        return range(published, published + 1)
    if published is None:
        return range(0, SHOWN_FROM)
    low = max(SHOWN_FROM, published - MAX_NOISE)
    high = published + MAX_NOISE
    return range(low, high + 1)


def hidden_part(whole: int | None, parts: list[int | None], target: int | str | None, *, exact=False) -> range:
    """Values of the one unknown part (`target` as published) consistent with whole = sum(parts) + target.

    Each published number gives an interval of true counts, so the sum of the known parts is an interval."""
    whole_range = candidates(whole, exact=exact)
    ranges = [candidates(p, exact=exact) for p in parts]
    low = whole_range.start - sum(r.stop - 1 for r in ranges)
    high = whole_range.stop - 1 - sum(r.start for r in ranges)
    target_range = candidates(target, exact=exact and target != UNKNOWN)
    return range(max(low, target_range.start), min(high, target_range.stop - 1) + 1)


def pins_small_group(found: range) -> bool:
    """The attack succeeds when only one value is left and it is a group of 1 to MIN_GROUP - 1."""
    return len(found) == 1 and found[0] in SMALL


def propagate(
    published: dict[Hashable, int | str | range | None], sums: Iterable[tuple[Hashable, list[Hashable]]], *, exact=False
) -> dict[Hashable, tuple[int, int]]:
    """Every relation at once: whole = sum(parts) for each (whole, parts) in `sums`, each cell's true count
    in the interval its published number allows. Bounds are tightened relation by relation until nothing
    changes (interval constraint propagation), so intervals learned from one subtraction feed the next.
    Cells in a relation but not in `published` are unknown groups (e.g. the unverified respondents); a
    published value may also be given as the range of true counts it allows."""
    sums = list(sums)
    bounds: dict[Hashable, tuple[int, int]] = {}
    for whole, parts in sums:
        for name in (whole, *parts):
            value = published.get(name, UNKNOWN)
            r = value if isinstance(value, range) else candidates(value, exact=exact and value != UNKNOWN)
            bounds[name] = (r.start, r.stop - 1)
    changed = True
    while changed:
        changed = False
        for whole, parts in sums:
            low = sum(bounds[p][0] for p in parts)
            high = sum(bounds[p][1] for p in parts)
            changed |= _narrow(bounds, whole, low, high)
            for part in parts:
                others_low, others_high = low - bounds[part][0], high - bounds[part][1]
                changed |= _narrow(bounds, part, bounds[whole][0] - others_high, bounds[whole][1] - others_low)
                low, high = others_low + bounds[part][0], others_high + bounds[part][1]
    return bounds


def _narrow(bounds: dict, name: Hashable, low: int, high: int) -> bool:
    old = bounds[name]
    new = (max(old[0], low), min(old[1], high))
    assert new[0] <= new[1], f"inconsistent: {name} {old} vs {(low, high)}"
    bounds[name] = new
    return new != old


def pinned(bounds: dict[Hashable, tuple[int, int]]) -> dict[Hashable, int]:
    """Every group the propagation narrowed to one size of 1 to MIN_GROUP - 1."""
    return {name: low for name, (low, high) in bounds.items() if low == high and low in SMALL}
