"""Content from the database is German (titles, categories, answers). On an English page it is marked
lang="de" (WCAG 3.1.2), so screen readers pronounce it as German."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.filter
def de(value):
    if (get_language() or "de").startswith("de"):
        return conditional_escape(value)
    return format_html('<span lang="de">{}</span>', value)


@register.simple_tag
def lang_de():
    """The attribute ` lang="de"` for an element holding German content (a text, an answer) on a page in
    another language: `<div class="idea-text"{% lang_de %}>`."""
    if (get_language() or "de").startswith("de"):
        return ""
    return mark_safe(' lang="de"')
