"""Reads to the replicas, writes to the primary, when DATABASE_REPLICA_URLS is set (docs/scaling.md).

Replicas lag the primary by milliseconds, so reads inside a transaction (the atomic services, which
read what they are about to change) stay on the primary.
"""

import random

from django.conf import settings
from django.db import connections


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if not settings.DATABASE_REPLICAS or connections["default"].in_atomic_block:
            return "default"
        return random.choice(settings.DATABASE_REPLICAS)  # noqa: S311

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
