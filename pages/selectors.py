import markdown as md
import nh3
from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from pages.defaults import PLACEHOLDER_MARK
from pages.models import ContactMessage, LegalPage

ALLOWED_TAGS = {"p", "br", "hr", "h2", "h3", "strong", "em", "a", "ul", "ol", "li", "blockquote"}


def legal_page(kind: str) -> LegalPage | None:
    return LegalPage.objects.filter(kind=kind).first()


def legal_pages_with_placeholders() -> QuerySet[LegalPage]:
    """Pages whose text still asks the city for its own names (shown on the staff start page)."""
    return LegalPage.objects.filter(body__icontains=PLACEHOLDER_MARK)


def render_body(text: str) -> SafeString:
    """Staff Markdown as sanitised HTML; a line break inside a paragraph stays one (addresses)."""
    html = md.markdown(text or "", extensions=["sane_lists", "nl2br"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308  (sanitised by nh3 just above)


def contact_messages(*, open_only: bool) -> QuerySet[ContactMessage]:
    messages = ContactMessage.objects.select_related("answered_by")
    return messages.filter(answered_at__isnull=True) if open_only else messages
