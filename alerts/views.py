"""Pages of alerts: subscribe, confirm, manage (by account or signed link), unsubscribe, follower counts."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from alerts import selectors, services, tokens
from alerts.forms import AreaForm, SubscriptionChangeForm, SubscriptionForm
from alerts.models import Subscription
from edge.fields import posted_id
from edge.limits import limited_page, retry_after, wait_message
from edge.paging import paginate
from edge.permissions import permission_required
from geo import selectors as geo_selectors
from geo.models import Stadtteil

PER_PAGE = 20


# The pages a link from an e-mail can end on (alerts/notice.html).
LINK_INVALID = {
    "title": gettext_lazy("Link ungültig"),
    "heading": gettext_lazy("Dieser Link ist ungültig oder abgelaufen"),
    "text": gettext_lazy(
        "Bitte nutzen Sie den Link aus der neuesten E-Mail, oder bestellen Sie die Benachrichtigung neu."
    ),
    "link": gettext_lazy("Zu den Benachrichtigungen"),
}
UNSUBSCRIBED = {
    "title": gettext_lazy("Abbestellt"),
    "heading": gettext_lazy("Abbestellt"),
    "text": gettext_lazy("Sie erhalten zu diesem Gebiet keine Nachrichten mehr."),
    "link": gettext_lazy("Neue Benachrichtigung bestellen"),
}


def _rate() -> str:
    return getattr(settings, "ALERTS_SUBSCRIBE_RATE", "10/h")


def subscribe(request):
    """Subscribe to a Stadtteil, an Ortsbezirk, a drawn area or a radius around an address."""
    user = request.user if request.user.is_authenticated else None
    initial = {"area_kind": Subscription.Area.STADTTEIL}
    if slug := request.GET.get("stadtteil"):
        initial["stadtteil"] = Stadtteil.objects.filter(slug=slug[:60]).only("slug").first()
    form = SubscriptionForm(request.POST or None, user=user, initial=initial)
    status, wait = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if (wait := retry_after(request, "alerts.subscribe", _rate())) is not None:
                form.add_error(None, wait_message(wait))
                status = 429  # limited_page adds Retry-After
            else:
                subscription = _create(request, form, user)
                if subscription is not None:
                    if user is not None:
                        messages.success(request, _("Ihre Benachrichtigung ist eingerichtet."))
                        return redirect("alerts:manage")
                    return render(request, "alerts/check_mail.html", {"email": subscription.email})
    response = render(request, "alerts/subscribe.html", {"form": form}, status=status)
    return limited_page(response, wait)


def _area_arguments(form) -> dict | None:
    """The area of a valid AreaForm as service arguments; None (with the form error) for an unknown address.
    The drawn polygon is checked here, so its message lands next to the map."""
    d = form.cleaned_data
    kind = d["area_kind"]
    arguments = {"area_kind": kind, "stadtteil": d.get("stadtteil"), "ortsbezirk": d.get("ortsbezirk")}
    if kind == Subscription.Area.DRAWN:
        arguments["drawn"] = services.area_from_geojson(d["area"])
    if kind == Subscription.Area.RADIUS:
        found = geo_selectors.geocode(d["address"], limit=1)
        if not found:
            form.add_error("address", _("Diese Adresse haben wir in Kaiserslautern nicht gefunden."))
            return None
        arguments.update(place=found[0], radius_m=d.get("radius_m"))
    return arguments


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        drawn = form.cleaned_data.get("area_kind") == Subscription.Area.DRAWN
        form.add_error("area" if drawn else None, error.messages)


def _create(request, form, user) -> Subscription | None:
    d = form.cleaned_data
    try:
        area = _area_arguments(form)
        if area is None:
            return None
        return services.subscription_create(
            user=user,
            email=d.get("email", ""),
            topics=d["topics"],
            kinds=d["kinds"],
            frequency=d["frequency"],
            language=get_language() or "de",
            **area,
        )
    except ValidationError as error:
        _add_errors(form, error)
    except PermissionDenied as denied:
        form.add_error(None, str(denied) or _("Das ist nicht erlaubt."))
    return None


def confirm(request, token: str):
    """GET shows what would be confirmed (a mail scanner following links confirms nothing); POST confirms."""
    email = tokens.confirm_email(token)
    if email is None:
        return render(request, "alerts/notice.html", {"notice": LINK_INVALID}, status=400)
    pending = list(Subscription.objects.filter(email=email, confirmed_at__isnull=True)[:50])
    if request.method == "POST":
        ids = [i for i in map(posted_id, request.POST.getlist("id")[:50]) if i is not None]
        confirmed = services.subscriptions_confirm(email=email, ids=ids)
        if confirmed:
            messages.success(request, _("Danke! Ihre Benachrichtigung ist bestätigt."))
        return redirect("alerts:manage-link", token=tokens.manage_token(email))
    return render(request, "alerts/confirm.html", {"pending": pending})


@csrf_exempt  # mail programs post the one-click unsubscribe (RFC 8058) without a form of ours
def unsubscribe(request, token: str):
    """One subscription, by its signed link, without login; the page names that one only."""
    subscription_id = tokens.unsubscribe_id(token)
    if subscription_id is None:
        return render(request, "alerts/notice.html", {"notice": LINK_INVALID}, status=400)
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if request.method == "POST":
        if subscription is not None:
            services.subscription_delete(subscription=subscription)
        return render(request, "alerts/notice.html", {"notice": UNSUBSCRIBED})
    if subscription is None:
        return render(request, "alerts/notice.html", {"notice": UNSUBSCRIBED})
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})


def manage(request, token: str | None = None):
    """The subscriptions of the account, or of the address a signed link was sent to."""
    owned = _owned(request, token)
    if not isinstance(owned, QuerySet):
        return owned
    status = 200
    if request.method == "POST":
        subscription = owned.filter(pk=posted_id(request.POST.get("id"))).first()
        if subscription is None:
            messages.error(request, _("Diese Benachrichtigung gibt es nicht mehr."))
            return redirect(request.path)
        if request.POST.get("action") == "delete":
            services.subscription_delete(subscription=subscription)
            messages.success(request, _("Die Benachrichtigung ist gelöscht."))
            return redirect(request.path)
        form = SubscriptionChangeForm(request.POST, prefix=f"s{subscription.pk}")
        if form.is_valid():
            services.subscription_update(subscription=subscription, **form.cleaned_data)
            messages.success(request, _("Die Änderung ist gespeichert."))
            return redirect(request.path)
        status = 400
        messages.error(request, _("Bitte prüfen Sie die Angaben."))
    page, _query = paginate(request, owned.select_related("stadtteil", "ortsbezirk").defer("area_utm"), PER_PAGE)
    rows = [
        (
            s,
            SubscriptionChangeForm(
                prefix=f"s{s.pk}", initial={"topics": s.topics, "kinds": s.kinds, "frequency": s.frequency}
            ),
            reverse("alerts:subscription-feed", kwargs={"token": tokens.feed_token(s.pk)}),
            _area_url(s.pk, token),
        )
        for s in page
    ]
    return render(
        request, "alerts/manage.html", {"page": page, "rows": rows, "by_link": token is not None}, status=status
    )


def _owned(request, token: str | None):
    """The subscriptions this request may manage: the account's, or those of the address a signed link was
    sent to; otherwise the response to give instead."""
    if token is not None:
        email = tokens.manage_email(token)
        if email is None:
            return render(request, "alerts/notice.html", {"notice": LINK_INVALID}, status=400)
        return Subscription.objects.filter(user=None, email=email)
    if request.user.is_authenticated:
        return Subscription.objects.filter(user=request.user)
    return redirect(f"{reverse('account_login')}?next={request.path}")


def _area_url(pk: int, token: str | None) -> str:
    if token is None:
        return reverse("alerts:area", kwargs={"pk": pk})
    return reverse("alerts:area-link", kwargs={"token": token, "pk": pk})


def _manage_url(token: str | None) -> str:
    return reverse("alerts:manage") if token is None else reverse("alerts:manage-link", kwargs={"token": token})


def area_edit(request, pk: int, token: str | None = None):
    """Change the area of one subscription (a drawn area is shown on the map for redrawing)."""
    owned = _owned(request, token)
    if not isinstance(owned, QuerySet):
        return owned
    subscription = get_object_or_404(owned.select_related("stadtteil", "ortsbezirk"), pk=pk)
    initial = {
        "area_kind": subscription.area_kind,
        "stadtteil": subscription.stadtteil,
        "ortsbezirk": subscription.ortsbezirk,
        "radius_m": subscription.radius_m or 500,
        "area": _polygon_geojson(subscription) if subscription.area_kind == Subscription.Area.DRAWN else "",
        "address": subscription.label if subscription.area_kind == Subscription.Area.RADIUS else "",
    }
    form = AreaForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                area = _area_arguments(form)
                if area is not None:
                    services.subscription_area_change(subscription=subscription, **area)
                    messages.success(request, _("Das neue Gebiet ist gespeichert."))
                    return redirect(_manage_url(token))
            except ValidationError as error:
                _add_errors(form, error)
    context = {"form": form, "subscription": subscription, "manage_url": _manage_url(token)}
    return render(request, "alerts/area_edit.html", context, status=status)


def _polygon_geojson(subscription: Subscription) -> str:
    """The drawn area as the one Polygon the drawing tool edits (6 decimals, about 10 cm)."""
    if subscription.area is None:
        return ""
    ring = [[round(x, 6), round(y, 6)] for x, y in subscription.area[0].exterior_ring.coords]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@permission_required("alerts.view_followers")
def followers(request):
    """Staff: how many confirmed subscriptions cover each Stadtteil (exact; public pages get the published count)."""
    return render(request, "alerts/followers.html", {"rows": selectors.followers_per_stadtteil(exact=True)})
