"""Content from the database is German (titles, categories, answers). On an English page it is marked
lang="de" (WCAG 3.1.2), so screen readers pronounce it as German."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def de(value):
    if (get_language() or "de").startswith("de"):
        return conditional_escape(value)
    return format_html('<span lang="de">{}</span>', value)
