"""System checks: every configured rate is one the limiter can count."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured

from throttling.limiter import parse_rate


def check_rates(**kwargs: Any) -> list[CheckMessage]:
    errors = []
    for scope, rate in settings.RATE_LIMITS.items():
        try:
            parse_rate(rate)
        except ImproperlyConfigured as error:
            name = f"RATE_LIMIT_{scope.upper()}"
            errors.append(Error(f"{name}: {error}", id="throttling.E001", obj=name))
    return errors
