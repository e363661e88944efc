"""Hole 13: a Redis that stops and comes back. Sessions live in the database (Redis in front), so nobody is
signed out; while Redis is down, pages work, sign-in and limited writes answer a 503 that says why (never a
500, never a write whose limit was not counted), and everything recovers by itself."""

import os
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from proposals.models import Comment
from tests.factories import PASSWORD, IdeaFactory, UserFactory
from tests.gunicorn import free_port

REDIS_SERVER = "/usr/bin/redis-server"  # scripts/install_system.sh installs it


class PrivateRedis:
    """A redis-server of this test's own, on a free port, without persistence (a restart starts empty)."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture
def redis():
    server = PrivateRedis()
    server.start()
    cache = {"BACKEND": "edge.cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{server.port}/0"}
    with override_settings(CACHES={"default": cache}, SESSION_ENGINE="edge.sessions"):
        yield server
    server.stop()
    caches["default"].close()


def _comment(client, idea):
    url = reverse("api:idea-comments", args=[idea.pk])
    return client.post(url, {"text": "Gute Idee"}, content_type="application/json")


def test_a_redis_outage_is_survived_and_recovered_from(client, db, redis):
    idea = IdeaFactory()
    citizen = UserFactory()
    client.force_login(citizen)
    assert _comment(client, idea).status_code == 201
    other = client.__class__()

    redis.stop()
    # Anonymous pages and the signed-in person's own pages work; the session is read from the database.
    assert other.get("/").status_code == 200
    assert other.get(idea.get_absolute_url()).status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200
    # A write whose limit cannot be counted is refused with a reason, and nothing is written.
    refused = _comment(client, idea)
    assert refused.status_code == 503
    assert "nicht erreichbar" in refused.json()["detail"]
    assert Comment.objects.count() == 1
    # Signing in needs allauth's failure counter: a 503 page in the person's language, not a 500.
    with translation.override("en"):
        login = other.post(
            reverse("account_login"), {"login": citizen.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert login.status_code == 503
    assert login["Retry-After"]
    assert "Please try again in a minute." in login.content.decode()

    redis.start()  # same port, empty: every session is still in the database
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert _comment(client, idea).status_code == 201
    login = other.post(reverse("account_login"), {"login": citizen.email, "password": PASSWORD})
    assert login.status_code == 302
    assert other.get(reverse("accounts:profile")).status_code == 200


def test_production_settings_keep_sessions_in_the_database_and_answer_outages():
    """The outage test above runs with what config.settings chooses when Redis is configured."""
    script = (
        "from config import settings; print(settings.SESSION_ENGINE); print(settings.MIDDLEWARE); "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:1/0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    ).stdout.splitlines()
    assert out[0] == "edge.sessions"
    assert "edge.outage.CacheOutageMiddleware" in out[1]
    assert out[2] == "edge.cache.RedisCache"  # the backend the fixture above runs the outage with


def test_the_redis_cache_keeps_one_client_per_pool(redis):
    """edge.cache: every operation of a worker goes through one client object (Django builds one per call)."""
    cache = caches["default"]
    first = cache._cache.get_client(write=True)
    cache.set("k", 1)
    assert cache.incr("k") == 2
    assert cache.get("k") == 2
    assert cache._cache.get_client() is first
    assert cache._cache.get_client(write=True) is first
