"""A careful reader with nothing but published numbers and docs/privacy.md (method, MIN_GROUP, the noise
bound): what true counts are consistent with what was published, and can a small group be pinned down?"""

from geo.disclosure import MAX_NOISE, MIN_GROUP, NOISE

SMALL = range(1, MIN_GROUP)
UNKNOWN = "unknown"  # a group nothing was published about: any size


def published_range(true: int) -> set[int]:
    """Every number the policy can publish for a cell of `true` records (None: suppressed)."""
    if true == 0:
        return {0}
    if true < MIN_GROUP:
        return {None}
    return {max(MIN_GROUP, true + d) for d, _p in NOISE}


def candidates(published: int | str | None, *, exact: bool = False) -> range:
    """The true counts that could have given `published` (an interval)."""
    if published == UNKNOWN:
        return range(0, 10**9)
    if exact:
        return range(published, published + 1)
    if published is None:
        return SMALL
    if published == 0:
        return range(0, 1)
    low = max(MIN_GROUP, published - MAX_NOISE)
    high = published + MAX_NOISE
    return range(low, high + 1)


def hidden_part(whole: int | None, parts: list[int | None], target: int | str | None, *, exact=False) -> set[int]:
    """Values of the one unknown part (`target` as published) consistent with whole = sum(parts) + target.

    Each published number gives an interval of true counts, so the sum of the known parts is an interval."""
    whole_range = candidates(whole, exact=exact)
    ranges = [candidates(p, exact=exact) for p in parts]
    low = whole_range.start - sum(r.stop - 1 for r in ranges)
    high = whole_range.stop - 1 - sum(r.start for r in ranges)
    target_range = candidates(target, exact=exact and target != UNKNOWN)
    return set(range(max(low, target_range.start), min(high, target_range.stop - 1) + 1))


def pins_small_group(found: set[int]) -> bool:
    """The attack succeeds when only one value is left and it is a group of 1 to MIN_GROUP - 1."""
    return len(found) == 1 and next(iter(found)) in SMALL
