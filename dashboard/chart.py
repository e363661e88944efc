"""The trend chart as hand-made SVG geometry (no chart library, no script): two lines, ideas and survey
responses per week, on a shared axis. The table under it stays the accessible alternative."""

from django.utils.formats import date_format, number_format

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 36  # room for the axis labels
TICKS = 4
X_LABELS = 6


def _nice_ceiling(value: int) -> int:
    """The smallest 1/2/5 × 10^n at or above value, so the y axis has round ticks."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def trend_chart(weeks: list[dict]) -> dict | None:
    """Points and labels for templates/dashboard/_trend_chart.html; None without at least two weeks."""
    if len(weeks) < 2:
        return None
    top = _nice_ceiling(max(max(w["ideas"], w["responses"] or 0) for w in weeks) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return round(LEFT + plot_w * i / (len(weeks) - 1), 1)

    def y(value: int) -> float:
        return round(TOP + plot_h * (1 - value / top), 1)

    def line(key: str) -> str:
        # A withheld week (None, fewer than 6 responses) has no point: the line joins its neighbours.
        return " ".join(f"{x(i)},{y(w[key])}" for i, w in enumerate(weeks) if w[key] is not None)

    every = max(1, round(len(weeks) / X_LABELS))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "ideas": line("ideas"),
        "responses": line("responses"),
        "y_ticks": [
            {"y": y(value), "label": number_format(value, force_grouping=True)}
            for value in sorted({top * i // TICKS for i in range(TICKS + 1)})
        ],
        "x_labels": [
            # the first and last labels are anchored inwards, so they are not cut off at the edges
            {
                "x": x(i),
                "label": date_format(w["week"], "SHORT_DATE_FORMAT"),
                "anchor": "start" if i == 0 else "end" if i == len(weeks) - 1 else "middle",
            }
            for i, w in enumerate(weeks)
            if i % every == 0
        ],
        "label_y": HEIGHT - BOTTOM + 20,
    }
