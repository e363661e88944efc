from datetime import date, timedelta

from django.template.loader import render_to_string
from django.utils import translation

from dashboard.chart import HEIGHT, trend_chart


def weeks(ideas: list[int], responses: list[int]) -> list[dict]:
    start = date(2026, 1, 5)
    return [
        {"week": start + timedelta(weeks=i), "ideas": n, "responses": r}
        for i, (n, r) in enumerate(zip(ideas, responses, strict=True))
    ]


def test_the_highest_week_touches_the_top_and_zero_the_axis():
    chart = trend_chart(weeks([0, 3, 7], [5, 0, 1]))
    points = [tuple(map(float, p.split(","))) for p in chart["ideas"].split()]
    assert points[0][1] == chart["bottom"]  # 0 ideas on the axis
    assert points[2][1] < points[1][1] < points[0][1]  # more is higher
    assert [t["label"] for t in chart["y_ticks"]] == ["0", "2", "5", "7", "10"]  # rounded up to 10


def test_no_chart_for_a_single_week():
    assert trend_chart(weeks([3], [1])) is None


def test_the_svg_keeps_decimal_points_in_german():
    with translation.override("de"):
        html = render_to_string("dashboard/_trend_chart.html", {"chart": trend_chart(weeks([1, 2, 2], [0, 1, 0]))})
    assert f'viewBox="0 0 720 {HEIGHT}"' in html
    polyline = html.split('class="line-ideas" points="')[1].split('"')[0]
    assert "," in polyline
    assert all(p.count(",") == 1 for p in polyline.split())
