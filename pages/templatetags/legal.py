"""`{% legal_links as links %}`: the footer's links to the legal pages (templates/base.html), one per kind."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pages.models import LegalPage

register = template.Library()

K = LegalPage.Kind
# The footer's short names; each kind's page is routed as pages:<kind> (pages/urls.py).
SHORT_NAMES = {
    K.IMPRESSUM: _("Impressum"),
    K.DATENSCHUTZ: _("Datenschutz"),
    K.BARRIEREFREIHEIT: _("Barrierefreiheit"),
    K.NUTZUNG: _("Nutzungsbedingungen"),
    K.KONTAKT: _("Kontakt"),
}


@register.simple_tag
def legal_links() -> list[tuple[str, str]]:
    """(URL, short name) of every legal page, in the order of LegalPage.Kind."""
    return [(reverse(f"pages:{kind.value}"), SHORT_NAMES[kind]) for kind in K]
