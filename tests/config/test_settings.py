"""Settings come from the environment, with strict parsing and safe production defaults."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Made per run: the production guard refuses any key that appears in the repository.
STRONG_KEY = secrets.token_urlsafe(48)
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
            "VAR_DIR",
            # Set while the browser tests run; Django's deploy check rightly refuses it.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
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
        SECRET_KEY=STRONG_KEY,
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


def test_every_process_pools_its_postgresql_connections_within_the_setting() -> None:
    """However many threads a process runs (500 in a worker), it holds at most
    DATABASE_POOL_MAX_SIZE connections; a URL's own options still win."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; o = d['OPTIONS']; "
        "print(o['pool']['max_size'], o['pool']['timeout'], d['CONN_MAX_AGE'], "
        "o['connect_timeout'], s.CELERY_WORKER_CONCURRENCY)"
    )
    url = "postgres://u:p@127.0.0.1:5999/deals"
    default = run_python(code, SECRET_KEY=STRONG_KEY, DATABASE_URL=url)
    assert default.returncode == 0, default.stderr
    assert default.stdout.split() == ["20", "3.0", "0", "3", "500"]
    chosen = run_python(
        code,
        SECRET_KEY=STRONG_KEY,
        DATABASE_URL=f"{url}?connect_timeout=7",
        DATABASE_POOL_MAX_SIZE="4",
        DATABASE_POOL_TIMEOUT_SECONDS="2.5",
    )
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.split() == ["4", "2.5", "0", "7", "500"]


def test_a_worker_waits_longer_for_a_pooled_connection_than_a_web_request() -> None:
    """A web request with the database down answers 503 within DATABASE_POOL_TIMEOUT_SECONDS; a
    worker's threads, queued behind a burst, wait WORKER_DATABASE_POOL_TIMEOUT_SECONDS."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from celery.signals import worker_init; import config; "
        "pool = s.DATABASES['default']['OPTIONS']['pool']; print(pool['timeout']); "
        "worker_init.send(sender=None); print(pool['timeout'])"
    )
    url = "postgres://u:p@127.0.0.1:5999/deals"
    default = run_python(code, SECRET_KEY=STRONG_KEY, DATABASE_URL=url)
    assert default.returncode == 0, default.stderr
    assert default.stdout.split() == ["3.0", "30.0"]
    chosen = run_python(
        code, SECRET_KEY=STRONG_KEY, DATABASE_URL=url, WORKER_DATABASE_POOL_TIMEOUT_SECONDS="45"
    )
    assert chosen.stdout.split() == ["3.0", "45.0"], chosen.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RATE_LIMIT_LOGIN", "ten per minute"),
        ("JWT_ACCESS_TTL_SECONDS", "soon"),
        ("DEBUG", "maybe"),
    ],
)
def test_a_malformed_value_fails_at_start_with_a_clear_message(name: str, value: str) -> None:
    # The system checks run where a process starts serving: every management command, a worker,
    # and config.wsgi for gunicorn.
    result = run_python("import config.wsgi", SECRET_KEY=STRONG_KEY, **{name: value})
    assert result.returncode != 0
    assert name in result.stderr or value in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SIGNUP_BONUS_TOKENS", "-5"),
        ("AI_ANALYSIS_COST", "0"),
        ("PORT", "70000"),
        ("AI_MAX_ATTEMPTS", "0"),
        ("AI_DEADLINE_SECONDS", "nan"),
        ("JWT_ACCESS_TTL_SECONDS", "1.5"),
        ("LOG_LEVEL", "LOUD"),
        ("CELERY_WORKER_POOL", "fibres"),
    ],
)
def test_a_value_out_of_its_range_stops_the_process_naming_the_variable(
    name: str, value: str
) -> None:
    result = run_python("import config.wsgi", SECRET_KEY=STRONG_KEY, **{name: value})
    assert result.returncode != 0
    assert f"{name} must be" in result.stderr, result.stderr[-2000:]


def test_settings_read_every_number_through_the_range_checked_readers() -> None:
    source = (ROOT / "config/settings.py").read_text()
    assert "env.int(" not in source
    assert "env.float(" not in source


@pytest.mark.parametrize(
    "key",
    [
        "hunter2-k3y",
        "s" * 49 + "ecr",  # long enough, with 4 distinct characters
        "abcd" * 20,
        "django-insecure-" + "x7#kq2!m9z" * 6,
    ],
)
def test_production_refuses_a_weak_secret_key_and_names_it(key: str) -> None:
    result = run_python("import django; django.setup()", DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
    assert key not in result.stderr


# Strong by every rule but one: it is written here, in the repository, for anyone to read.
REPOSITORY_KEY = "k9#Qv2!pLm7@Zx4$Rt8^Wn3&Hy6*Bc1(Df5)Gj0-Ks2+Lq9=Mv4~Np7"


def test_production_refuses_a_key_that_appears_in_the_repository() -> None:
    result = run_python("import django; django.setup()", DEBUG="false", SECRET_KEY=REPOSITORY_KEY)
    assert result.returncode != 0
    assert "SECRET_KEY appears in tests/config/test_settings.py" in result.stderr
    assert REPOSITORY_KEY not in result.stderr


def test_make_test_and_make_stack_sign_with_a_key_of_their_own_run() -> None:
    """Both start through scripts/with-test-services.sh: a fresh key each time, found nowhere in
    the repository (the suite itself runs with DEBUG=false behind the guard above)."""
    environment = {name: value for name, value in os.environ.items() if name != "SECRET_KEY"}
    nested = subprocess.run(  # noqa: S603 - our own script
        [str(ROOT / "scripts/with-test-services.sh"), "sh", "-c", 'echo "$SECRET_KEY"'],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    key = nested.stdout.strip()
    assert len(key) >= 50
    assert key != os.environ["SECRET_KEY"]
    assert (
        run_python("import django; django.setup()", DEBUG="false", SECRET_KEY=key).returncode == 0
    )


BOOLEAN_SWITCHES = re.findall(r'boolean\(\s*"([A-Z_]+)"', (ROOT / "config/settings.py").read_text())
PRINT_SWITCHES = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SESSION_REFRESH_COOKIE_SECURE, s.RATE_LIMIT_ENABLED, s.SECURE_SSL_REDIRECT)"
)


def test_settings_read_every_boolean_through_the_one_parser() -> None:
    source = (ROOT / "config/settings.py").read_text()
    assert "env.bool(" not in source
    assert {"DEBUG", "SESSION_REFRESH_COOKIE_SECURE", "RATE_LIMIT_ENABLED"} <= set(BOOLEAN_SWITCHES)


@pytest.mark.parametrize("name", BOOLEAN_SWITCHES)
def test_a_misspelt_boolean_stops_the_process_with_its_name(name: str) -> None:
    result = run_python("import config.wsgi", SECRET_KEY=STRONG_KEY, **{name: "ture"})
    assert result.returncode != 0
    assert f"{name} must be one of true/false, 1/0, yes/no, on/off; got 'ture'" in result.stderr


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("true", "True"),
        ("On", "True"),
        ("1", "True"),
        ("YES", "True"),
        ("off", "False"),
        ("0", "False"),
        ("no", "False"),
        ("False", "False"),
    ],
)
def test_the_boolean_spellings_people_use_are_understood(spelling: str, expected: str) -> None:
    switches = {
        "SESSION_REFRESH_COOKIE_SECURE": spelling,
        "RATE_LIMIT_ENABLED": spelling,
        "SECURE_SSL_REDIRECT": spelling,
    }
    result = run_python(PRINT_SWITCHES, DEBUG="false", SECRET_KEY=STRONG_KEY, **switches)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [expected] * 3


PRINT_KEY = (
    "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
)


def test_development_makes_its_own_random_key_once_and_keeps_it(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    keys = [
        run_python(PRINT_KEY, DEBUG="true", VAR_DIR=str(path)) for path in (first, first, second)
    ]
    assert [key.returncode for key in keys] == [0, 0, 0], keys[0].stderr
    made, again, other = (key.stdout.strip() for key in keys)
    assert made == again == (first / "secret_key").read_text().strip()
    assert other != made
    assert len(made) >= 50
    assert (first / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_token_signed_with_the_old_repository_constant_is_refused_in_development(
    tmp_path: Path,
) -> None:
    forged = (
        "import django; django.setup();"
        "import jwt, time;"
        "from django.test import Client;"
        "token = jwt.encode({'token_type': 'access', 'exp': int(time.time()) + 600,"
        " 'iat': int(time.time()), 'jti': 'x', 'user_id': 1},"
        " 'insecure-local-development-key-never-use-in-production', algorithm='HS256');"
        "me = Client(HTTP_HOST='127.0.0.1').get('/api/v1/auth/me', "
        "HTTP_AUTHORIZATION='Bearer ' + token);"
        "print(me.json()['code'])"
    )
    result = run_python(forged, DEBUG="true", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "AUTH_TOKEN_INVALID"


# The production settings the README documents, on top of DEBUG=false and a strong key.
PRODUCTION = {
    "SECURE_SSL_REDIRECT": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "TRUST_X_FORWARDED_PROTO": "true",
}


def run_deploy_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_python(
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DEBUG="false",
        SECRET_KEY=STRONG_KEY,
        VAR_DIR=str(tmp_path),
        **env,
    )


def test_djangos_deploy_check_passes_with_the_documented_production_settings(
    tmp_path: Path,
) -> None:
    result = run_deploy_check(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_djangos_deploy_check_fails_without_them(tmp_path: Path) -> None:
    result = run_deploy_check(tmp_path)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


PRINT_SERVER = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SPECTACULAR_SETTINGS['SERVERS'][0]['url'])"
)


@pytest.mark.parametrize(
    ("env", "server"),
    [
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        (
            {"PORT": "8123", "PUBLIC_URL": "https://deals.example.com:8443/"},
            "https://deals.example.com:8443",
        ),
        (
            {
                "PUBLIC_URL": "https://deals.example.com",
                "OPENAPI_SERVER_URL": "https://api.example.com",
            },
            "https://api.example.com",
        ),
    ],
)
def test_the_documents_server_is_where_users_reach_the_api(
    env: dict[str, str], server: str
) -> None:
    result = run_python(PRINT_SERVER, DEBUG="true", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == server
