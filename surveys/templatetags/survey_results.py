from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(share) -> str:
    return "" if share is None else f"{number_format(share * 100, 1)} %"


@register.filter
def share_of(row: dict, choice_id: int) -> str:
    """The share of one choice in a district row of the results, as a percentage."""
    for cell in row.get("choices") or []:
        if cell["id"] == choice_id:
            return "–" if cell.get("suppressed") else percent(cell["share"])
    return percent(0)


@register.filter
def count_or_suppressed(row: dict, shown_from: int) -> str:
    if row.get("suppressed") or row.get("n") is None:
        return f"< {shown_from}"
    return number_format(row["n"], 0, force_grouping=True)
