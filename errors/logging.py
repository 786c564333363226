"""JSON log lines with request context, and redaction of secrets at any depth."""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
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
# One pass that finds whether any of the above could apply; most strings have none.
_MAY_HOLD_SECRET = re.compile(r"(?i)bearer|basic|eyJ|sk-")

_MAX_DEPTH = 12

# Fields the formatter and the request context fill in themselves: never secret, never rescanned.
_FIELDS_WE_SET = frozenset(
    {"timestamp", "level", "logger", "request_id", "user_id", "method", "status", "duration_ms"}
)


@functools.lru_cache(maxsize=4096)
def _is_sensitive_name(key: str) -> bool:
    normalized = key.lower().replace("-", "_")
    if normalized in _SENSITIVE_KEYS or normalized.endswith(_SENSITIVE_ENDINGS):
        return True
    return any(fragment in normalized for fragment in _SENSITIVE_FRAGMENTS)


def is_sensitive_key(key: object) -> bool:
    return isinstance(key, str) and _is_sensitive_name(key)


def redact_text(text: str) -> str:
    if not _MAY_HOLD_SECRET.search(text):
        return text
    for pattern, replacement in _INLINE_SECRETS:
        text = pattern.sub(replacement, text)
    return text


def redact(value: Any, _depth: int = 0) -> Any:
    """A copy of `value` with every secret-named key's value and inline token replaced."""
    if value is None or isinstance(value, int | float):
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
    """One JSON object a line: timestamp, level, logger, message, context, extras, exception.

    python-json-logger gives the reserved-attribute list and exception formatting; `format`
    itself is written out because it runs for every request's access line, and the generic path
    (field renames, defaults, static fields) cost a tenth of the error path's throughput
    (see bench/error_path.py).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._skip = frozenset(RESERVED_ATTRS) | {"message", "asctime"}
        self._encoder = json.JSONEncoder(default=str, ensure_ascii=False)

    def format(self, record: logging.LogRecord) -> str:
        if record.args:
            if isinstance(record.args, Mapping):
                args: Any = redact(record.args)
            else:
                args = tuple(redact(arg) for arg in record.args)
            message = record.msg % args if args else str(record.msg)
        else:
            message = str(record.msg)
        data: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, tz=UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact_text(message),
        }
        for key, value in record.__dict__.items():
            if key in self._skip:
                continue
            if key in _FIELDS_WE_SET:
                data[key] = value
            else:
                data[key] = REDACTED if is_sensitive_key(key) else redact(value)
        if record.exc_info:
            data["exception"] = redact_text(self.formatException(record.exc_info))
        elif record.exc_text:
            data["exception"] = redact_text(record.exc_text)
        if record.stack_info:
            data["stack_info"] = self.formatStack(record.stack_info)
        return self._encoder.encode(data)
