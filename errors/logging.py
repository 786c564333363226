"""JSON log lines with request context, and redaction of secrets at any depth."""

from __future__ import annotations

import functools
import json
import logging
import math
import re
import time
from collections.abc import Mapping
from typing import Any

import orjson
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

_MAX_DEPTH = 12

# Fields the formatter and the request context fill in themselves: never secret, never rescanned.
_FIELDS_WE_SET = frozenset(
    {
        "timestamp",
        "level",
        "logger",
        "request_id",
        "user_id",
        "method",
        "status",
        "duration_ms",
        "error_code",  # a catalogue code, from the access line
    }
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
    # What any pattern above needs in the string: most strings have none, and four substring
    # tests cost a seventh of one pass of a case-insensitive pattern.
    folded = text.casefold()  # folded as (?i) matches: a long s (U+017F) is an s
    if not ("bearer" in folded or "basic" in folded or "eyj" in folded or "sk-" in folded):
        return text
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


def _encode_fallback(data: dict[str, Any]) -> str:
    # What orjson refuses (integers beyond 64 bits) the standard library writes.
    return json.dumps(data, default=str, ensure_ascii=False)


class JsonLineFormatter(JsonFormatter):
    """One JSON object a line: timestamp, level, logger, message, context, extras, exception.

    python-json-logger gives the reserved-attribute list and exception formatting; `format`
    itself is written out, the line encoded with orjson and the timestamp's seconds reused, because
    it runs for every request's access line, which the error path's throughput feels (see
    bench/error_path.py).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._skip = frozenset(RESERVED_ATTRS) | {"message", "asctime"}
        self._second: tuple[int, str] = (-1, "")

    def _timestamp(self, record: logging.LogRecord) -> str:
        # Rounded to the microsecond first, exactly as datetime.fromtimestamp does, so .998 is not
        # written .997 through float error.
        fraction, whole = math.modf(record.created)
        second, micro = int(whole), round(fraction * 1_000_000)
        if micro >= 1_000_000:
            second, micro = second + 1, micro - 1_000_000
        elif micro < 0:
            second, micro = second - 1, micro + 1_000_000
        cached = self._second  # one tuple, so threads never see a second and another's text
        if cached[0] != second:
            cached = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
            self._second = cached
        return f"{cached[1]}.{micro // 1000:03d}Z"

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
            "timestamp": self._timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": redact_text(message),
        }
        skip = self._skip
        for key, value in record.__dict__.items():
            if key in skip:
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
        try:
            return orjson.dumps(data, default=str, option=orjson.OPT_NON_STR_KEYS).decode()
        except orjson.JSONEncodeError:
            return _encode_fallback(data)
