"""System checks: the support address the pages show is an email address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ValidationError
from django.core.validators import validate_email


def check_support_email(**kwargs: Any) -> list[CheckMessage]:
    try:
        validate_email(settings.SUPPORT_EMAIL)
    except ValidationError:
        message = f"SUPPORT_EMAIL must be an email address; got {settings.SUPPORT_EMAIL!r}"
        return [Error(message, id="web.E001", obj="SUPPORT_EMAIL")]
    return []
