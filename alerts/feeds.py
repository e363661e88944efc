"""Atom feeds (Django's syndication framework): what happened in a Stadtteil, and per subscription; and the
iCalendar views."""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from alerts import calendar, selectors, tokens
from alerts.delivery import event_line
from alerts.models import Event, EventKind, Subscription
from geo.models import Stadtteil

ICAL = "text/calendar; charset=utf-8"


class _EventFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item: Event) -> str:
        line = event_line(item)
        if item.kind == EventKind.IDEAS:
            return _("Neue Idee: %(title)s") % {"title": item.title}
        return line if item.title in line else f"{item.group_title}: {line}"

    def item_description(self, item: Event) -> str:
        return f"{item.get_kind_display()} · {item.group_title}"

    def item_link(self, item: Event) -> str:
        return item.url

    def item_guid(self, item: Event) -> str:
        return f"klmitwirkung-event-{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Event):
        return item.occurred_at

    def item_updateddate(self, item: Event):
        return item.occurred_at


class StadtteilFeed(_EventFeed):
    def get_object(self, request, slug: str) -> Stadtteil:
        return get_object_or_404(Stadtteil.objects.defer("geom"), slug=slug)

    def title(self, obj: Stadtteil) -> str:
        return _("KLmitWirkung: Neues in %(name)s") % {"name": obj.name}

    def link(self, obj: Stadtteil) -> str:
        return obj.get_absolute_url()

    def subtitle(self, obj: Stadtteil) -> str:
        return _("Vorhaben, Planebenen, Umfragen, Ergebnisse und Ideen im Stadtteil %(name)s") % {"name": obj.name}

    def items(self, obj: Stadtteil):
        return selectors.stadtteil_events(obj)[: selectors.FEED_ITEMS]


class SubscriptionFeed(_EventFeed):
    """By a signed link that names one subscription (readers cannot log in)."""

    def get_object(self, request, token: str) -> Subscription:
        subscription_id = tokens.feed_id(token)
        subscription = Subscription.objects.filter(pk=subscription_id, confirmed_at__isnull=False).first()
        if subscription is None:
            raise Http404
        return subscription

    def title(self, obj: Subscription) -> str:
        return _("KLmitWirkung: Neues in %(area)s") % {"area": obj.label}

    def link(self, obj: Subscription) -> str:
        return "/benachrichtigungen/"

    def items(self, obj: Subscription):
        return selectors.subscription_events(obj)[: selectors.FEED_ITEMS]


def _ical(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICAL)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def city_calendar(request):
    return _ical(calendar.render(calendar.periods(), name=_("KLmitWirkung: Termine")), "termine.ics")


def stadtteil_calendar(request, slug: str):
    stadtteil = get_object_or_404(Stadtteil.objects.defer("geom"), slug=slug)
    name = _("KLmitWirkung: Termine in %(name)s") % {"name": stadtteil.name}
    return _ical(calendar.render(calendar.periods(stadtteil=stadtteil), name=name), f"termine-{slug}.ics")
