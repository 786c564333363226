"""JSON log lines with request context, and redaction of secrets at any depth."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
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
    if _depth > _MAX_DEPTH:
        return "[TRUNCATED]"
    if isinstance(value, Mapping):
        return {
            key: REDACTED if is_sensitive_key(key) else redact(item, _depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [redact(item, _depth + 1) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


class JsonLineFormatter(JsonFormatter):
    """One JSON object a line: timestamp, level, logger, message, context and extras."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s")
        kwargs.setdefault(
            "rename_fields", {"levelname": "level", "name": "logger", "exc_info": "exception"}
        )
        kwargs.setdefault("json_default", str)
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        if record.args:
            # Work on a copy so other handlers keep the original record.
            record = logging.makeLogRecord(record.__dict__)
            if isinstance(record.args, Mapping):
                record.args = redact(record.args)
            else:
                record.args = tuple(redact(arg) for arg in record.args or ())
        return super().format(record)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        log_data["timestamp"] = (
            datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")
        ).replace("+00:00", "Z")
        super().add_fields(log_data, record, message_dict)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return redact(log_data)
