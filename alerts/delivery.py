"""Mails: one per subscription and run, its events grouped per project or item (one entry per group).

A delivery is marked sent in the same transaction that sent its mail; when the mail fails the transaction
rolls back and the next run sends it again. Rows are locked with SKIP LOCKED, so two workers never mail the
same delivery.
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from alerts import tokens
from alerts.models import Delivery, Event, EventKind, Subscription

MAX_EVENTS_PER_MAIL = 200
IDEAS_LISTED = 5


@dataclass
class Group:
    key: str
    title: str
    url: str
    lines: list[str] = field(default_factory=list)
    ideas: int = 0


def event_line(event: Event) -> str:
    """One sentence about an event, in the active language (titles stay as written)."""
    from layers.models import Phase
    from proposals.models import Idea

    end = formats.date_format(timezone.localtime(event.ends_at), "DATE_FORMAT") if event.ends_at else ""
    what = {"survey": _("Umfrage"), "poll": _("Abstimmung"), "ideas": _("Ideensammlung")}.get(event.detail, "")
    what = what or _procedure_steps().get(event.detail, "")
    if event.kind == EventKind.PROJECT:
        return _("Neues Vorhaben: %(title)s") % {"title": event.title}
    if event.kind == EventKind.PHASE:
        phase = dict(Phase.Kind.choices).get(event.detail, event.detail)
        return _("Neue Phase: %(phase)s") % {"phase": phase}
    if event.kind == EventKind.LAYER:
        if event.detail.startswith("version:"):
            return _("Neue Planfassung %(n)s: %(title)s") % {"n": event.detail[8:], "title": event.title}
        return _("Neue Planebene: %(title)s") % {"title": event.title}
    if event.kind == EventKind.PARTICIPATION:
        if end:
            return _("%(what)s geöffnet bis %(end)s: %(title)s") % {"what": what, "end": end, "title": event.title}
        return _("%(what)s geöffnet: %(title)s") % {"what": what, "title": event.title}
    if event.kind == EventKind.CLOSING:
        return _("%(what)s endet am %(end)s: %(title)s") % {"what": what, "end": end, "title": event.title}
    if event.kind == EventKind.RESULTS:
        if event.group_key.startswith("idea:"):
            status = dict(Idea.Status.choices).get(event.detail, event.detail)
            return _("Neuer Stand: %(status)s") % {"status": status}
        if event.detail == "decision":
            return _("Beschluss veröffentlicht: %(title)s") % {"title": event.title}
        return _("Ergebnisse veröffentlicht: %(title)s") % {"title": event.title}
    return event.title


def _procedure_steps() -> dict[str, str]:
    from django.apps import apps

    if not apps.is_installed("bauleitplanung"):
        return {}
    return dict(apps.get_model("bauleitplanung", "Step").Kind.choices)


def group_events(events: list[Event]) -> list[Group]:
    """Events in the order they happened, one Group per project or item; new ideas counted per Stadtteil."""
    groups: OrderedDict[str, Group] = OrderedDict()
    for event in sorted(events, key=lambda e: (e.occurred_at, e.pk)):
        group = groups.get(event.group_key)
        if group is None:
            title = event.group_title
            if event.kind == EventKind.IDEAS:
                title = _("Neue Ideen in %(name)s") % {"name": event.group_title}
            url = reverse("proposals:map") if event.kind == EventKind.IDEAS else event.url
            group = groups[event.group_key] = Group(key=event.group_key, title=title, url=url)
        if event.kind == EventKind.IDEAS:
            group.ideas += 1
            if group.ideas <= IDEAS_LISTED:
                group.lines.append(event.title)
        else:
            line = event_line(event)
            if line not in group.lines:
                group.lines.append(line)
    for group in groups.values():
        if group.ideas > IDEAS_LISTED:
            group.lines.append(_("und %(n)d weitere") % {"n": group.ideas - IDEAS_LISTED})
    return list(groups.values())


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("alerts:unsubscribe", kwargs={"token": tokens.unsubscribe_token(subscription.pk)}))


def manage_url(subscription: Subscription) -> str:
    if subscription.user_id:
        return absolute(reverse("alerts:manage"))
    return absolute(reverse("alerts:manage-link", kwargs={"token": tokens.manage_token(subscription.email)}))


def build_mail(subscription: Subscription, events: list[Event]) -> EmailMultiAlternatives:
    with translation.override(subscription.language):
        groups = group_events(events)
        for group in groups:
            group.url = absolute(group.url)
        if subscription.frequency == Subscription.Frequency.DAILY:
            subject = _("Ihre tägliche Zusammenfassung für %(area)s")
        elif subscription.frequency == Subscription.Frequency.WEEKLY:
            subject = _("Ihre wöchentliche Zusammenfassung für %(area)s")
        else:
            subject = _("Neu in %(area)s")
        context = {
            "subscription": subscription,
            "groups": groups,
            "unsubscribe_url": unsubscribe_url(subscription),
            "manage_url": manage_url(subscription),
            "site_url": settings.SITE_URL,
        }
        text = render_to_string("alerts/email/digest.txt", context)
        html = render_to_string("alerts/email/digest.html", context)
        subject = f"[KLmitWirkung] {subject % {'area': subscription.label}}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscription.recipient],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def subscription_send(*, subscription_id: int, skip_kinds: tuple[str, ...] = (), connection=None) -> int:
    """Mail the pending deliveries of one subscription (without `skip_kinds`); returns how many were sent.
    `connection`: an open mail connection shared by a batch (one SMTP session instead of one per mail)."""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_related("user").filter(pk=subscription_id, confirmed_at__isnull=False).first()
        )
        if subscription is None or not subscription.recipient:
            return 0
        pending = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(subscription=subscription, sent_at__isnull=True)
            .exclude(event__kind__in=skip_kinds)
            .select_related("event")
            .order_by("created_at", "id")[:MAX_EVENTS_PER_MAIL]
        )
        deliveries = list(pending)
        if not deliveries:
            return 0
        message = build_mail(subscription, [d.event for d in deliveries])
        message.connection = connection
        message.send()
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(sent_at=timezone.now())
    return len(deliveries)


def pending_subscription_ids(*, frequency: str, skip_kinds: tuple[str, ...] = ()) -> list[int]:
    rows = Delivery.objects.filter(
        sent_at__isnull=True, subscription__frequency=frequency, subscription__confirmed_at__isnull=False
    ).exclude(event__kind__in=skip_kinds)
    return list(rows.values_list("subscription_id", flat=True).distinct().order_by("subscription_id"))


def confirmation_mail(*, email: str, language: str) -> EmailMultiAlternatives | None:
    pending = list(Subscription.objects.filter(email=email, confirmed_at__isnull=True).order_by("created_at"))
    if not pending:
        return None
    with translation.override(language):
        context = {
            "subscriptions": pending,
            "confirm_url": absolute(reverse("alerts:confirm", kwargs={"token": tokens.confirm_token(email)})),
        }
        subject = "[KLmitWirkung] " + _("Bitte bestätigen Sie Ihre Benachrichtigung")
        text = render_to_string("alerts/email/confirm.txt", context)
        html = render_to_string("alerts/email/confirm.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[email])
    message.attach_alternative(html, "text/html")
    return message
