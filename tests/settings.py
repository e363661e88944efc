"""The project's settings, with what only tests may change."""

from config.settings import *  # noqa: F403

# Production hashes with PBKDF2 at a million iterations (~0.3 s a password); the suite creates thousands of users.
# tests/accounts/test_password_hashing.py checks that production keeps its hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Jobs run in the test process through Celery's own code (eagerly), their errors raised in the test.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# The page cache (config/pagecache.py) would show a test the page of a moment ago; tests/config/test_pagecache.py
# and the results page test switch it on.
PAGE_CACHE_SECONDS = 0
