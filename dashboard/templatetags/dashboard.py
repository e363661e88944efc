from django import template

from dashboard.filters import HIDDEN_FILTERS

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)


@register.filter
def hidden_filters(tab: str) -> set[str]:
    """The filter fields that do not apply to this view of the dashboard."""
    return HIDDEN_FILTERS.get(tab, set())
