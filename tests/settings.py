"""The project's settings, with what only tests may change."""

from config.settings import *  # noqa: F403

# Production hashes with PBKDF2 at a million iterations (~0.3 s a password); the suite creates thousands of users.
# tests/accounts/test_password_hashing.py checks that production keeps its hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Jobs run in the test process through Celery's own code (eagerly), their errors raised in the test.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# Each xdist worker keeps its cache in its own process: tests clear the cache, and a clear on a shared Redis
# would empty the other workers' rate-limit counters and sessions mid-test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The page cache (config/pagecache.py) would show a test the page of a moment ago; tests/config/test_pagecache.py
# and the results page test switch it on.
PAGE_CACHE_SECONDS = 0
# Likewise the shared part of an idea's page (proposals/views/detail.py): tests/proposals/test_lean_paths.py
# switches it on and checks that every write through the services shows at once.
IDEA_FRAGMENT_SECONDS = 0
# The WFS's layer extents (geo/wfs.py) would outlive a test's rows; tests/geo/test_wfs_extents.py switches them on.
WFS_EXTENT_SECONDS = 0
