"""Settings come from the environment, with strict parsing and safe production defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
    "s.CELERY_TASK_ALWAYS_EAGER, s.SIMPLE_JWT['ACCESS_TOKEN_LIFETIME'].total_seconds())"
)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "DEBUG",
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
        }
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = run_python("import django; django.setup()", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_embedded_defaults_need_no_server() -> None:
    result = run_python(PRINT_SETTINGS, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "True",
        "900.0",
    ]


def test_database_redis_and_jwt_settings_follow_the_environment() -> None:
    result = run_python(
        PRINT_SETTINGS,
        SECRET_KEY="k" * 50,
        DATABASE_URL="postgres://u:p@127.0.0.1:5999/deals",
        REDIS_URL="redis://127.0.0.1:6999/0",
        JWT_ACCESS_TTL_SECONDS="60",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "django_redis.cache.RedisCache",
        "False",
        "60.0",
    ]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RATE_LIMIT_LOGIN", "ten per minute"),
        ("JWT_ACCESS_TTL_SECONDS", "soon"),
        ("DEBUG", "maybe"),
    ],
)
def test_a_malformed_value_fails_at_start_with_a_clear_message(name: str, value: str) -> None:
    result = run_python("import django; django.setup()", SECRET_KEY="k" * 50, **{name: value})
    assert result.returncode != 0
    assert name in result.stderr or value in result.stderr
