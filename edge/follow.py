"""Following something for e-mails (an idea, a project's decisions): the write and the page behind the button.

Following sends e-mails, so it needs a confirmed address (the app's rule) and is counted against a limit;
stopping never needs either.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from edge.limits import page_over_limit
from edge.permissions import VERIFY_FIRST


def follow_set(model, *, user, follow: bool, rule: str, **target) -> bool:
    """Adds or removes `user`'s row of `model` for `target` (idea=…, project=…); returns `follow`."""
    if not user.is_authenticated or (follow and not user.has_perm(rule)):
        raise PermissionDenied
    if follow:
        model.objects.get_or_create(user=user, **target)
    else:
        model.objects.filter(user=user, **target).delete()
    return follow


def follow_page(request, *, follow: bool, rule: str, scope: str, back: str, write: Callable[[], object], done: str):
    """The button's POST: refuses an unconfirmed address with a message, counts the limit, `write()`s, and
    goes `back` with the message `done`."""
    if follow and not request.user.has_perm(rule):
        messages.error(request, VERIFY_FIRST)
        return redirect(back)
    if limited := page_over_limit(request, scope, "follow"):
        return limited
    write()
    messages.success(request, done)
    return redirect(back)
