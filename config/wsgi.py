import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Import every view module while the worker starts, not in its first request (half a second on the scale data
# set's machine: that first visitor's page counted as "cold" in docs/performance.md).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 (imports the URLconf and every view)
