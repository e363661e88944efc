"""A Content-Security-Policy without inline script on every page; secure defaults for production."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory

# Executable inline script: no src, no nonce, and not data (json_script's type="application/json").
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize(
    "url", ["/", "/ideen/", "/vorhaben/", "/umfragen/", "/gis/", "/api/docs/", "/ogc/", "/konto/login/"]
)
def test_every_page_has_a_csp_without_inline_script(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    script_src = _directives(response)["script-src"]
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert not INLINE_SCRIPT.search(response.content.decode())


def test_no_template_has_inline_script_or_event_handlers():
    offenders = [
        str(path)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if INLINE_SCRIPT.search(text := path.read_text()) or EVENT_HANDLER.search(text)
    ]
    assert offenders == []


def test_the_dashboard_map_script_carries_the_response_nonce(client, db):
    client.force_login(UserFactory(roles=[Role.PLANNER]))
    response = client.get(reverse("dashboard:index"))
    nonce = re.search(r"'nonce-([^']+)'", _directives(response)["script-src"]).group(1)
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_check_deploy_is_clean_with_the_documented_production_settings():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a production process never has it.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k" + os.urandom(32).hex(),
        "DJANGO_ALLOWED_HOSTS": "beteiligung.kaiserslautern.de",
        "DJANGO_BEHIND_HTTPS_PROXY": "true",
        "DJANGO_HSTS_PRELOAD": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("url", ["/", "/api/v1/ideas/?limit=1", "/healthz", "/gibt-es-nicht/"])
def test_the_policy_built_once_is_django_csps_own(client, db, url):
    """config.csp builds the policy of responses without a nonce once per process; it is the header that
    django-csp builds for each response."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    response = client.get(url)
    own = CSPMiddleware(lambda request: None).process_response(response.wsgi_request, HttpResponse())
    assert response["Content-Security-Policy"] == own["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response


def test_a_changed_policy_setting_is_not_served_from_the_built_one(client, db, settings):
    assert "report-uri" not in client.get("/healthz")["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
                                                       "report-uri": "/csp-report/"}}  # fmt: skip
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    response = client.get("/healthz")
    assert "report-uri /csp-report/" in response["Content-Security-Policy"]
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'"
