"""Moderation once, for every kind of contribution that staff release, refuse or hide (ideas, feedback).

A moderated model has `visibility` (with "published" among its values), `moderation_reason` and
`published_at`, uses PublicQuerySet as its manager, and keeps its own log model (the apps log different
things). What is public is asked through `Model.objects.public()`, nowhere else.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PUBLISHED = "published"


class PublicQuerySet(models.QuerySet):
    def public(self):
        """What everybody may see: released by moderation (or published at once) and not hidden since."""
        return self.filter(visibility=PUBLISHED)


def moderation_reason(reason: str) -> str:
    """Every refusal or hiding tells the author why."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Bitte geben Sie eine Begründung an (mindestens 5 Zeichen).")})
    return reason


def set_visibility(model, pk: int, *, visibility: str, note: str, on_public_change: Callable[[object, int], None]):
    """Sets the visibility under a row lock; `on_public_change(row, +1 or -1)` updates the counts that depend
    on being public (map clusters, feature statistics), only when the public state really changes. The
    caller runs in a transaction and writes its own log row."""
    locked = model.objects.select_for_update().get(pk=pk)
    was_public = locked.visibility == PUBLISHED
    locked.visibility = visibility
    locked.moderation_reason = "" if visibility == PUBLISHED else note
    if visibility == PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
    locked.save(update_fields=["visibility", "moderation_reason", "published_at"])
    if was_public != (visibility == PUBLISHED):
        on_public_change(locked, 1 if visibility == PUBLISHED else -1)
    return locked
