"""The logging configuration: one JSON object a line on stdout (observability.logging), with the
request context on every record and secrets redacted."""

from typing import Any


def logging_config(*, level: str) -> dict[str, Any]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "observability.logging.JsonLineFormatter"}},
        "filters": {"request_context": {"()": "observability.context.RequestContextFilter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["request_context"],
                "stream": "ext://sys.stdout",
            },
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # The request middleware writes one line per request itself, with the error code.
            "django.request": {"level": "CRITICAL"},
            "django.server": {"level": "ERROR"},
            # The HTTP client logs every request with its URL: a provider's address is not for
            # logs.
            "httpx": {"level": "WARNING"},
            "httpx2": {"level": "WARNING"},  # the client the openai SDK runs on
            "openai": {"level": "WARNING"},
        },
    }
