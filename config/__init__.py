# The job queue is loaded with Django, so `@shared_task` jobs bind to it in the web process and the worker alike.
from .celery import app as celery_app

__all__ = ("celery_app",)
