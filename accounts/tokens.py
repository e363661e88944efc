"""API tokens: creating one (the key is shown once), finding the one a key belongs to, revoking."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, User

MAX_DAYS = 365
# Writing the last use on every request would make each GIS tile a write; a minute is precise enough.
LAST_USED_STEP = timedelta(minutes=1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        scope=scope,
        key_hash=key_hash(key),
        expires_at=timezone.now() + timedelta(days=min(days, MAX_DAYS)),
    )
    return token, key


def token_of(key: str) -> ApiToken | None:
    """The live token of an active account for `key`, its last use noted; None when unknown or expired."""
    now = timezone.now()
    token = ApiToken.objects.select_related("user").filter(key_hash=key_hash(key), expires_at__gt=now).first()
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def token_revoke(*, user: User, token_id: int) -> bool:
    return ApiToken.objects.filter(user=user, pk=token_id).delete()[0] > 0
