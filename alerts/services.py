"""Writes of alerts: subscribing, confirming, changing, deleting and expiring subscriptions."""

import json
from datetime import timedelta
from typing import TypedDict, Unpack

from django.conf import settings
from django.contrib.gis.geos import GEOSException, MultiPolygon, Polygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alerts.models import EventKind, Subscription
from geo.models import CityBoundary, Ortsbezirk, Place, Stadtteil
from geo.spatial import UTM32, WGS84

RADII = (250, 500, 1000, 2000)
MAX_GEOJSON_CHARS = 50_000
MAX_VERTICES = 500
UNCONFIRMED_DAYS = 7
CONFIRMATION_INTERVAL = timedelta(days=1)


def _max_per_recipient() -> int:
    return getattr(settings, "ALERTS_MAX_SUBSCRIPTIONS", 20)


def area_from_geojson(text: str) -> MultiPolygon:
    """A drawn area from the browser: bounded before GEOS sees it, then checked against the city."""
    if not text or len(text) > MAX_GEOJSON_CHARS:
        raise ValidationError(_("Bitte zeichnen Sie eine Fläche mit höchstens %(n)d Ecken.") % {"n": MAX_VERTICES})
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ValidationError(_("Die gezeichnete Fläche konnte nicht gelesen werden.")) from None
    if not isinstance(data, dict) or data.get("type") != "Polygon" or not isinstance(data.get("coordinates"), list):
        raise ValidationError(_("Die gezeichnete Fläche konnte nicht gelesen werden."))
    rings = data["coordinates"]
    points = [p for ring in rings if isinstance(ring, list) for p in ring]
    if len(rings) != 1 or len(points) > MAX_VERTICES + 1:
        raise ValidationError(_("Bitte zeichnen Sie eine Fläche mit höchstens %(n)d Ecken.") % {"n": MAX_VERTICES})
    if len(points) < 4 or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(c, int | float) for c in p) for p in points
    ):
        raise ValidationError(_("Eine Fläche braucht mindestens drei Ecken."))
    if not all(-180 <= p[0] <= 180 and -90 <= p[1] <= 90 for p in points):
        raise ValidationError(_("Die gezeichnete Fläche liegt außerhalb von Kaiserslautern."))
    try:
        polygon = Polygon(points, srid=WGS84)
    except (GEOSException, ValueError, TypeError):
        raise ValidationError(_("Die gezeichnete Fläche konnte nicht gelesen werden.")) from None
    if not polygon.valid:
        raise ValidationError(
            _("Die Fläche überschneidet sich selbst. Bitte zeichnen Sie den Umriss ohne sich kreuzende Linien.")
        )
    city = CityBoundary.objects.first()
    if city is None or not city.geom.intersects(polygon):
        raise ValidationError(_("Die gezeichnete Fläche liegt außerhalb von Kaiserslautern."))
    if polygon.transform(UTM32, clone=True).area > city.area_m2:
        raise ValidationError(
            _(
                "Die Fläche ist größer als Kaiserslautern. Wählen Sie dafür besser einen Stadtteil "
                "oder zeichnen Sie kleiner."
            )
        )
    return MultiPolygon(polygon, srid=WGS84)


def area_around(place: Place, radius_m: int) -> MultiPolygon:
    if radius_m not in RADII:
        raise ValidationError(_("Bitte wählen Sie einen der angebotenen Umkreise."))
    circle = place.location.transform(UTM32, clone=True).buffer(radius_m, quadsegs=16)
    return MultiPolygon(circle.transform(WGS84, clone=True), srid=WGS84)


def _clean_choices(values, allowed, message) -> list[str]:
    values = sorted(set(values or []))
    if any(v not in allowed for v in values):
        raise ValidationError(message)
    return values


def topic_choices() -> list[tuple[str, str]]:
    """Project topics and idea categories, one list (an event carries one of them as its topic)."""
    from layers.models import Project
    from proposals.models import Category

    categories = [(c.slug, c.name) for c in Category.objects.filter(is_active=True).only("slug", "name")]
    return [*Project.Topic.choices, *categories]


class AreaChoice(TypedDict, total=False):
    """The area of a subscription: the field its `area_kind` names (for "radius", a place and radius_m)."""

    stadtteil: Stadtteil | None
    ortsbezirk: Ortsbezirk | None
    drawn: MultiPolygon | None
    place: Place | None
    radius_m: int | None


@transaction.atomic
def subscription_create(
    *,
    user: User | None,
    email: str = "",
    area_kind: str,
    topics: list[str] | None = None,
    kinds: list[str] | None = None,
    frequency: str = Subscription.Frequency.DAILY,
    language: str = "de",
    **area: Unpack[AreaChoice],
) -> Subscription:
    """With an account: confirmed at once (its address is verified). Without: pending until the address
    confirms; at most one confirmation mail per address and day, whoever asks for it."""
    now = timezone.now()
    if user is not None and user.is_authenticated:
        if not user.has_perm("alerts.subscribe_with_account"):
            raise PermissionDenied(_("Bitte bestätigen Sie zuerst die E-Mail-Adresse Ihres Kontos."))
        email, owned = "", Subscription.objects.filter(user=user)
    else:
        user, email = None, email.strip().lower()
        if not email:
            raise ValidationError({"email": _("Bitte geben Sie Ihre E-Mail-Adresse an.")})
        owned = Subscription.objects.filter(email=email)
    if owned.count() >= _max_per_recipient():
        raise ValidationError(
            _("Sie haben bereits %(n)d Benachrichtigungen. Bitte löschen Sie eine, bevor Sie eine neue anlegen.")
            % {"n": _max_per_recipient()}
        )
    fields = {
        "topics": _clean_choices(topics, {v for v, _l in topic_choices()}, _("Unbekanntes Thema.")),
        "kinds": _clean_choices(kinds, set(EventKind.values), _("Unbekannte Art von Neuigkeit.")),
    }
    if frequency not in Subscription.Frequency.values:
        raise ValidationError(_("Bitte wählen Sie, wie oft Sie Nachrichten erhalten möchten."))
    fields |= _area_fields(area_kind, area)
    subscription = Subscription.objects.create(
        user=user,
        email=email,
        frequency=frequency,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        confirmed_at=now if user else None,
        **fields,
    )
    if user is None:
        # Serialised per address: two requests at once cannot both decide that no mail went out today.
        Subscription.objects.select_for_update().filter(email=email).exists()
        recent = Subscription.objects.filter(email=email, confirmation_sent_at__gte=now - CONFIRMATION_INTERVAL)
        if not recent.exists():
            subscription.confirmation_sent_at = now
            subscription.save(update_fields=["confirmation_sent_at"])
            from alerts.tasks import send_confirmation

            transaction.on_commit(lambda: send_confirmation.delay(email, subscription.language))
    return subscription


AREA_FIELDS = ("area_kind", "stadtteil", "ortsbezirk", "area", "area_utm", "radius_m", "label")


def _area_fields(area_kind: str, area: AreaChoice) -> dict:
    """Every area field of a subscription, those of the other kinds emptied (one kind of area at a time)."""
    fields: dict = {"area_kind": area_kind, "stadtteil": None, "ortsbezirk": None, "area": None, "radius_m": None}
    stadtteil, ortsbezirk, drawn = area.get("stadtteil"), area.get("ortsbezirk"), area.get("drawn")
    place, radius_m = area.get("place"), area.get("radius_m")
    if area_kind == Subscription.Area.STADTTEIL and stadtteil:
        fields.update(stadtteil=stadtteil, label=stadtteil.name)
    elif area_kind == Subscription.Area.ORTSBEZIRK and ortsbezirk:
        fields.update(ortsbezirk=ortsbezirk, label=ortsbezirk.name)
    elif area_kind == Subscription.Area.DRAWN and drawn:
        fields.update(area=drawn, label=_("gezeichnete Fläche"))
    elif area_kind == Subscription.Area.RADIUS and place and radius_m:
        fields.update(area=area_around(place, radius_m), radius_m=radius_m, label=place.label)
    else:
        raise ValidationError(_("Bitte wählen Sie ein Gebiet."))
    fields["area_utm"] = fields["area"].transform(UTM32, clone=True) if fields["area"] is not None else None
    return fields


@transaction.atomic
def subscription_area_change(*, subscription: Subscription, area_kind: str, **area: Unpack[AreaChoice]) -> Subscription:
    """A new area for an existing subscription. Mails already matched to the old area still go out: they
    were news for the area the person had chosen when the event happened."""
    for name, value in _area_fields(area_kind, area).items():
        setattr(subscription, name, value)
    subscription.save(update_fields=AREA_FIELDS)
    return subscription


@transaction.atomic
def subscriptions_confirm(*, email: str, ids: list[int]) -> int:
    """Confirm exactly the pending subscriptions the address holder saw on the confirmation page."""
    return Subscription.objects.filter(email=email.lower(), pk__in=ids, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )


@transaction.atomic
def subscription_update(*, subscription: Subscription, topics: list[str], kinds: list[str], frequency: str):
    if frequency not in Subscription.Frequency.values:
        raise ValidationError(_("Bitte wählen Sie, wie oft Sie Nachrichten erhalten möchten."))
    subscription.topics = _clean_choices(topics, {v for v, _l in topic_choices()}, _("Unbekanntes Thema."))
    subscription.kinds = _clean_choices(kinds, set(EventKind.values), _("Unbekannte Art von Neuigkeit."))
    subscription.frequency = frequency
    subscription.save(update_fields=["topics", "kinds", "frequency"])
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: Subscription) -> None:
    subscription.delete()


def subscriptions_expire(*, now=None) -> int:
    """Unconfirmed subscriptions are deleted after UNCONFIRMED_DAYS: an address nobody confirmed is not kept."""
    cutoff = (now or timezone.now()) - timedelta(days=UNCONFIRMED_DAYS)
    deleted, _per_model = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return deleted


def _addresses(user) -> set[str]:
    from allauth.account.models import EmailAddress

    addresses = {a.lower() for a in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return addresses | ({user.email.lower()} if user.email else set())


def personal_data_erase(user) -> None:
    """The account's subscriptions, and those made without login with any of its addresses."""
    Subscription.objects.filter(user=user).delete()
    Subscription.objects.filter(user=None, email__in=_addresses(user)).delete()


def personal_data(user) -> list[dict]:
    from django.db.models import Q

    rows = Subscription.objects.filter(Q(user=user) | Q(user=None, email__in=_addresses(user))).order_by("created_at")
    return [
        {
            "area_kind": s.area_kind,
            "label": s.label,
            "radius_m": s.radius_m,
            "area": json.loads(s.area.geojson) if s.area else None,
            "topics": s.topics,
            "kinds": s.kinds,
            "frequency": s.frequency,
            "email": s.email or None,
            "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            "created_at": s.created_at.isoformat(),
        }
        for s in rows
    ]
