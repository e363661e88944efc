"""How a feature's feedback looks on the map and in lists: one class per opinion balance, shared by the
legend, the accessible feature list and the map. The class is decided here only: `balance_class` for pages,
`balance_class_sql` (the same rule, a test holds them equal) for the features GeoJSON the map draws; the map
script takes each class's colour from the legend's data, so what is drawn is what the legend says."""

from django.db.models import Case, CharField, Expression, Value, When
from django.db.models.functions import Coalesce, Round
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, IsNull, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from feedback.disclosure import OPINIONS, Opinions, share_sql

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
    balance = round(opinions.balance, 3)  # shares have 3 decimals: 0.6 - 0.4 is 0.2, not 0.19999999999999996
    if balance >= 0.2:
        return "pro"
    if balance <= -0.2:
        return "contra"
    return "mixed"


def balance_class_sql(total: Expression, published: dict[str, Expression]) -> Case:
    """`balance_class` in SQL, from the raw total and the published counts (feedback.disclosure.stats_sql)."""
    whole = published["total"]
    shares = {o: Coalesce(share_sql(published[o], whole), Value(0.0)) for o in OPINIONS}
    balance = Round(shares["dafuer"] - shares["dagegen"], 3)
    return Case(
        When(GreaterThan(Value(1), total), then=Value("none")),
        When(IsNull(whole, True), then=Value("few")),
        When(GreaterThan(Value(1), whole), then=Value("few")),
        When(GreaterThanOrEqual(balance, Value(0.2)), then=Value("pro")),
        When(LessThanOrEqual(balance, Value(-0.2)), then=Value("contra")),
        default=Value("mixed"),
        output_field=CharField(),
    )
