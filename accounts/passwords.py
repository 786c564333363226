"""The password rules the OpenAPI document states (length, not only digits or spaces), checked
where Django checks passwords, beside its common-password and similarity checks (which no pattern
can state); and what a new password ends."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import RevokeReason
from accounts.sessions import sign_in_sessions_end_for
from api.fields import SPACES

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
# Some character other than the ASCII digits 0-9 and the spaces, and no NUL anywhere.
PASSWORD_PATTERN = rf"\A[^\x00]*[^0-9{SPACES}\x00][^\x00]*\Z"


class PasswordShapeValidator:
    """At least PASSWORD_MIN_LENGTH characters, and not only digits and spaces, where "digits" are
    0-9 and "spaces" are api.fields.SPACES, exactly as the document's pattern says (Django's own
    numeric check counts any Unicode digit).

    Django tells every configured validator when a user's password was replaced (from
    `User.save()` after `set_password()`: the admin's form, `changepassword`, any code; not when
    a login upgrades the hash): that ends every sign-in session of the user.
    """

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
        elif re.fullmatch(f"[{SPACES}]*", password):
            problems.append(
                ValidationError("This password is only spaces.", code="password_only_spaces")
            )
        elif re.fullmatch(f"[0-9{SPACES}]*", password):
            problems.append(
                ValidationError(
                    "This password is only digits and spaces.",
                    code="password_only_digits_and_spaces",
                )
            )
        if problems:
            raise ValidationError(problems)

    def get_help_text(self) -> str:
        return (
            f"Your password must contain at least {PASSWORD_MIN_LENGTH} characters and "
            "cannot be only digits or spaces."
        )

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is not None and user.pk is not None:
            sign_in_sessions_end_for(user=user, reason=RevokeReason.PASSWORD)
