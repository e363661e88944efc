from django import template

from pages.leichte_sprache import check

register = template.Library()


@register.simple_tag
def easy_hints(text: str | None) -> list:
    """Hints of the Leichte-Sprache rules for the staff editor (pages.leichte_sprache)."""
    return check(text or "")


@register.simple_tag
def sign_language_video():
    """The newest DGS video for the start page, or None (the page shows its placeholder)."""
    from pages.models import SignLanguageVideo

    return SignLanguageVideo.objects.order_by("-updated_at").first()
