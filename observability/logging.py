"""JSON log lines with request context, and redaction of secrets at any depth."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

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


def is_sensitive_key(key: object) -> bool:
    if not isinstance(key, str):
        return False
    normalized = key.lower().replace("-", "_")
    if normalized in _SENSITIVE_KEYS or normalized.endswith(_SENSITIVE_ENDINGS):
        return True
    return any(fragment in normalized for fragment in _SENSITIVE_FRAGMENTS)


def redact_text(text: str) -> str:
    for pattern, replacement in _INLINE_SECRETS:
        text = pattern.sub(replacement, text)
    return text


def redact(value: Any, _depth: int = 0) -> Any:
    """A copy of `value` with every secret-named key's value and inline token replaced."""
    if value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return redact_text(value)
    if _depth > _MAX_DEPTH:
        return "[TRUNCATED]"
    if isinstance(value, Mapping):
        return {
            key: REDACTED if is_sensitive_key(key) else redact(item, _depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [redact(item, _depth + 1) for item in value]
    return value


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
