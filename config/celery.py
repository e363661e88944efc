"""The job queue: Celery over the Redis that already holds the cache.

Apps declare their jobs as `@shared_task` in their own `tasks.py` and never import this module.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("klmitwirkung")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
