"""JSON log lines with request context, and redaction of secrets at any depth."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.json import JsonFormatter

REDACTED = "[REDACTED]"

# Whole key names, after lower-casing and turning '-' into '_'.
_SENSITIVE_KEYS = frozenset(
    {
        "access",
        "refresh",
        "jwt",
        "authorization",
        "http_authorization",
        "proxy_authorization",
        "cookie",
        "http_cookie",
        "set_cookie",
        "idempotency_key",
        "http_idempotency_key",
        "dsn",
        "sentry_dsn",
        "slack_webhook_url",
        "webhook_url",
    }
)
# Fragments that mark a secret wherever they stand in a key: new_password1, client_secret.
_SENSITIVE_FRAGMENTS = ("password", "passwd", "secret", "apikey", "credential", "sessionid")
# Key endings that mark a secret: access_token, csrftoken, x_api_key, signing_key.
_SENSITIVE_ENDINGS = ("token", "_key", "authorization", "signature")

_INLINE_SECRETS = (
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"), r"\1 " + REDACTED),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), REDACTED),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{8,}"), REDACTED),
)

_MAX_DEPTH = 12

# Settings whose whole value is a secret (a URL's user, password and path are secrets too).
_SECRET_SETTINGS = (
    "SECRET_KEY",
    "AI_PRIMARY_API_KEY",
    "AI_FALLBACK_API_KEY",
    "METRICS_TOKEN",
    "SENTRY_DSN",
    "SLACK_WEBHOOK_URL",
)
# Settings holding a connection URL: only the password in it is a secret.
_CONNECTION_URL_SETTINGS = ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
# Shorter values are not looked for: an empty or a short word would be found everywhere.
MIN_SECRET_LENGTH = 8


def is_sensitive_key(key: object) -> bool:
    if not isinstance(key, str):
        return False
    normalized = key.lower().replace("-", "_")
    if normalized in _SENSITIVE_KEYS or normalized.endswith(_SENSITIVE_ENDINGS):
        return True
    return any(fragment in normalized for fragment in _SENSITIVE_FRAGMENTS)


def _strings(*values: object) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list | tuple):
            found.extend(item for item in value if isinstance(item, str))
    return tuple(found)


def _setting(name: str, default: Any = "") -> Any:
    try:
        return getattr(settings, name, default)
    except ImproperlyConfigured:  # an empty SECRET_KEY is refused on reading
        return default


def _secret_settings() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The raw values: whole secrets, connection URLs, database passwords."""
    if not settings.configured:
        return (), (), ()
    whole = _strings(
        *(_setting(name) for name in _SECRET_SETTINGS), _setting("SECRET_KEY_FALLBACKS", ())
    )
    urls = _strings(
        *(_setting(name) for name in _CONNECTION_URL_SETTINGS),
        *(cache.get("LOCATION") for cache in _setting("CACHES", {}).values()),
    )
    passwords = _strings(
        *(database.get("PASSWORD") for database in _setting("DATABASES", {}).values())
    )
    return whole, urls, passwords


def _url_parts(value: str) -> tuple[str | None, str | None, str]:
    try:
        parts = urlsplit(value)
        return parts.username, parts.password, parts.path
    except ValueError:
        return None, None, ""


@functools.lru_cache(maxsize=16)
def _secrets_from(
    whole: tuple[str, ...], urls: tuple[str, ...], passwords: tuple[str, ...]
) -> frozenset[str]:
    values: set[str] = set(whole) | set(passwords)
    for value in whole:
        if "://" in value:
            username, password, path = _url_parts(value)
            values.update(part for part in (username, password, path) if part)
    for url in urls:
        _, password, _ = _url_parts(url)
        if password:
            values.add(password)
    # As written in a URL (percent-encoded) and as decoded from one.
    shapes = {shape for value in values for shape in (value, quote(value, safe=""), unquote(value))}
    return frozenset(shape for shape in shapes if len(shape.strip()) >= MIN_SECRET_LENGTH)


def configured_secrets() -> frozenset[str]:
    """The value of every secret in the settings, in each shape it may be written in: the
    provider keys, SECRET_KEY (and its fallbacks), METRICS_TOKEN, SENTRY_DSN, SLACK_WEBHOOK_URL,
    the database passwords and those of the Redis and broker URLs. Values shorter than
    MIN_SECRET_LENGTH are left out. Read from the settings at each call (override_settings
    applies at once); only the derivation from the same values is cached."""
    return _secrets_from(*_secret_settings())


@functools.lru_cache(maxsize=16)
def _pattern_for(secrets: frozenset[str]) -> re.Pattern[str] | None:
    if not secrets:
        return None
    # Longest first, so that a value containing another is replaced whole.
    ordered = sorted(secrets, key=lambda secret: (-len(secret), secret))
    return re.compile("|".join(re.escape(secret) for secret in ordered))


def _configured_pattern() -> re.Pattern[str] | None:
    return _pattern_for(configured_secrets())


def _redact_text(text: str, configured: re.Pattern[str] | None) -> str:
    if configured is not None:
        text = configured.sub(REDACTED, text)
    for pattern, replacement in _INLINE_SECRETS:
        text = pattern.sub(replacement, text)
    return text


def redact_text(text: str) -> str:
    """`text` with every configured secret's value and every inline token replaced."""
    return _redact_text(text, _configured_pattern())


def _redact(value: Any, configured: re.Pattern[str] | None, depth: int) -> Any:
    if value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return _redact_text(value, configured)
    if depth > _MAX_DEPTH:
        return "[TRUNCATED]"
    if isinstance(value, Mapping):
        return {
            key: REDACTED if is_sensitive_key(key) else _redact(item, configured, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [_redact(item, configured, depth + 1) for item in value]
    # Anything else is written as its str() (the JSON line, a Sentry event's repr).
    text = str(value)
    redacted = _redact_text(text, configured)
    return value if redacted == text else redacted


def redact(value: Any) -> Any:
    """A copy of `value` with every secret-named key's value, every configured secret's value
    and every inline token replaced, at any depth."""
    return _redact(value, _configured_pattern(), 0)


class JsonLineFormatter(JsonFormatter):
    """One JSON object a line (python-json-logger): timestamp, level, logger, message, the
    request context, extras and the exception, with every secret redacted at any depth."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            ["levelname", "name", "message"],
            rename_fields={"levelname": "level", "name": "logger", "exc_info": "exception"},
            timestamp=True,
            json_ensure_ascii=False,
        )

    def format(self, record: logging.LogRecord) -> str:
        # Redacted by key before they are formatted into the message, where no key is left.
        if isinstance(record.args, Mapping):
            record.args = redact(record.args)
        elif record.args:
            record.args = tuple(redact(list(record.args)))
        return super().format(record)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        log_data = redact(log_data)
        stamp = log_data["timestamp"].isoformat(timespec="milliseconds")
        log_data["timestamp"] = stamp.replace("+00:00", "Z")
        return log_data
