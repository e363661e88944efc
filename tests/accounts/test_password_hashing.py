import importlib

from django.conf import settings


def test_production_hashes_passwords_with_a_slow_hasher():
    production = importlib.import_module("config.settings")
    assert production.PASSWORD_HASHERS[0] in {
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    }


def test_the_suite_uses_the_fast_hasher():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
