"""How a feature's feedback looks on the map and in lists: one class per opinion balance, shared by the
legend, the accessible feature list and the map script (which reads the classes from the legend's data)."""

from django.utils.translation import gettext_lazy as _

from feedback.disclosure import Opinions

# (class, colour, label); the map draws a feature in the colour of its class, thicker with more feedback.
LEGEND = [
    ("none", "#9e9e9e", _("noch keine Rückmeldung")),
    ("few", "#5c6bc0", _("weniger als 6 Rückmeldungen: keine Anteile")),
    ("pro", "#2e7d32", _("überwiegend dafür")),
    ("mixed", "#f9a825", _("geteilte Meinungen")),
    ("contra", "#c62828", _("überwiegend dagegen")),
]


def balance_class(opinions: Opinions) -> str:
    """The legend class of a feature, from its published opinions (feedback.disclosure)."""
    if not opinions.total:
        return "none"
    if opinions.balance is None:
        return "few"
    if opinions.balance >= 0.2:
        return "pro"
    if opinions.balance <= -0.2:
        return "contra"
    return "mixed"
