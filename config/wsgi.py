import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Import every view module while the worker starts, not in its first request (half a second on the scale data
# set's machine: that first visitor's page counted as "cold" in docs/performance.md).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 (imports the URLconf and every view)

# What the worker loaded so far (Django, the apps, the URLconf) lives as long as the worker: moved out of the
# cyclic garbage collector's reach, so that its full collections, which come every few hundred requests, walk only
# what requests made (the collector's CPU per request falls to a quarter: docs/performance.md, "Signed in").
import gc  # noqa: E402

gc.collect()
gc.freeze()
