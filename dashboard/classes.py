"""Class breaks for choropleths: quantiles on at most five classes, one colour ramp, a legend."""

from dataclasses import dataclass

# ColorBrewer YlOrRd: sequential, readable in grey print, safe for the common colour-vision deficiencies.
PALETTE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
NO_DATA = "#d9d9d9"


@dataclass(frozen=True)
class Klass:
    low: float
    high: float
    color: str
    count: int


def quantile_breaks(values: list[float], *, classes: int = 5) -> list[float]:
    """Upper bounds of up to `classes` classes holding about equally many districts (duplicates merged)."""
    data = sorted(v for v in values if v is not None)
    if not data:
        return []
    bounds = []
    for k in range(1, classes + 1):
        # nearest-rank quantile: the value below which k/classes of the districts lie
        bound = data[max(0, -(-len(data) * k // classes) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def classify(value: float | None, bounds: list[float]) -> int | None:
    if value is None:
        return None
    for index, bound in enumerate(bounds):
        if value <= bound:
            return index
    return len(bounds) - 1


def color(index: int | None, bounds: list[float]) -> str:
    if index is None:
        return NO_DATA
    # few classes spread over the whole ramp, so the lowest stays light and two classes still contrast
    if len(bounds) == 1:
        return PALETTE[-1]
    return PALETTE[round(index * (len(PALETTE) - 1) / (len(bounds) - 1))]


def legend(values: list[float | None], bounds: list[float]) -> list[Klass]:
    data = sorted(v for v in values if v is not None)
    classes, low = [], data[0] if data else 0
    for index, high in enumerate(bounds):
        members = [v for v in data if classify(v, bounds) == index]
        classes.append(
            Klass(
                low=low if index == 0 else min(members, default=high),
                high=high,
                color=color(index, bounds),
                count=len(members),
            )
        )
    return classes
