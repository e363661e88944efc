"""How a feature's feedback looks on the map and in lists: one class per opinion balance, shared by the
legend, the accessible feature list and the map script (which reads the classes from the legend's data)."""

from django.utils.translation import gettext_lazy as _

from feedback import disclosure

# (class, colour, label); the map draws a feature in the colour of its class, thicker with more feedback.
LEGEND = [
    ("none", "#9e9e9e", _("noch keine Rückmeldung")),
    ("few", "#5c6bc0", _("weniger als 5 Rückmeldungen: keine Anteile")),
    ("pro", "#2e7d32", _("überwiegend dafür")),
    ("mixed", "#f9a825", _("geteilte Meinungen")),
    ("contra", "#c62828", _("überwiegend dagegen")),
]


def balance_class(total: int, dafuer: int | None, neutral: int | None, dagegen: int | None) -> str:
    """The legend class of a feature; the counts are None where disclosure suppressed them."""
    if not total:
        return "none"
    if not disclosure.is_disclosed(total) or dafuer is None or dagegen is None:
        return "few"
    balance = (dafuer - dagegen) / total
    if balance >= 0.2:
        return "pro"
    if balance <= -0.2:
        return "contra"
    return "mixed"
