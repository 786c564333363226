"""The password rules the OpenAPI document states (length, not only digits), checked where Django
checks passwords, beside its common-password and similarity checks (which no pattern can state)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
# Some character other than the ASCII digits 0-9, and no NUL anywhere.
PASSWORD_PATTERN = r"\A[^\x00]*[^0-9\x00][^\x00]*\Z"  # noqa: S105 - a rule, not a password


class PasswordShapeValidator:
    """At least PASSWORD_MIN_LENGTH characters and not only digits, where "digits" are 0-9, exactly
    as the document's pattern says (Django's own numeric check counts any Unicode digit)."""

    def validate(self, password: str, user: Any = None) -> None:
        problems = []
        if len(password) < PASSWORD_MIN_LENGTH:
            problems.append(
                ValidationError(
                    f"This password is too short. It must contain at least "
                    f"{PASSWORD_MIN_LENGTH} characters.",
                    code="password_too_short",
                )
            )
        if re.fullmatch("[0-9]*", password):
            problems.append(
                ValidationError(
                    "This password is entirely numeric.", code="password_entirely_numeric"
                )
            )
        if problems:
            raise ValidationError(problems)

    def get_help_text(self) -> str:
        return (
            f"Your password must contain at least {PASSWORD_MIN_LENGTH} characters and "
            "cannot be entirely numeric."
        )
