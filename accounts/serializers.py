"""Input and output shapes of the accounts endpoints."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import SignInSession, User
from accounts.passwords import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_PATTERN
from api.fields import SPACES, UNSAVABLE, Documented, PatternField, StrictBodyMixin, ecma, text

EMAIL_MAX_LENGTH = 254
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# Special-use names (RFC 6761, 6762, 7686) no mail goes to, which email validators refuse.
_SPECIAL_USE = "|".join(
    "".join(f"[{letter.upper()}{letter}]" for letter in name)
    for name in ("arpa", "invalid", "localhost", "local", "onion", "test")
)
# A top-level label of letters, or an internationalised one in punycode; not a special-use one.
_TOP = (
    rf"(?!(?:{_SPECIAL_USE})[{SPACES}]*\Z)"
    r"(?:[A-Za-z]{2,63}|[Xx][Nn]--[A-Za-z0-9-]{1,59})"
)
# name@example.com in ASCII: a local part of at most 64 characters in dot-separated atoms, host
# labels, then the top-level label. The rule `format: email` validators (email-validator, which
# pydantic uses) apply too, so every address the server takes passes them in every later answer;
# spaces around are removed.
EMAIL_PATTERN = (
    rf"\A[{SPACES}]*(?=[^@]{{1,64}}@){_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+{_TOP}[{SPACES}]*\Z"
)


class PasswordField(Documented, serializers.Field):
    """Checked by the password validators (every reason at once, in `validate` below); the document
    states the rules a pattern can. (A plain Field: the document generator would word a
    CharField's blank rule over the minimum length.)"""

    default_error_messages = {
        "invalid": "Must be a string.",
        "blank": "Enter a password.",
        "long": f"Must be at most {PASSWORD_MAX_LENGTH} characters.",
        "shape": UNSAVABLE,
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(write_only=True, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        if not data:
            self.fail("blank")
        if len(data) > PASSWORD_MAX_LENGTH:
            self.fail("long")
        if "\x00" in data:
            self.fail("shape")
        return data

    def schema(self) -> dict[str, Any]:
        return {
            "type": "string",
            "minLength": PASSWORD_MIN_LENGTH,
            "maxLength": PASSWORD_MAX_LENGTH,
            "pattern": ecma(PASSWORD_PATTERN),
        }


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "email", "name")
        read_only_fields = fields


class RegisterSerializer(StrictBodyMixin, serializers.Serializer):
    """A new account: its email signs in, its name is shown."""

    email = PatternField(
        pattern=EMAIL_PATTERN,
        message=f"Must be an email address such as name@example.com, at most "
        f"{EMAIL_MAX_LENGTH} characters.",
        max_length=EMAIL_MAX_LENGTH,
        trimmed=True,
    )
    password = PasswordField(
        help_text="Also refused: a commonly used password, or one too like the email or name."
    )
    name = text(1, 150, trimmed=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        candidate = User(email=attrs["email"], name=attrs["name"])
        try:
            password_validation.validate_password(attrs["password"], user=candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


class TokenObtainSerializer(StrictBodyMixin, serializers.Serializer):
    """Sign-in: a wrong email or password answers 401, never saying which."""

    email = text(1, EMAIL_MAX_LENGTH)
    password = text(1, PASSWORD_MAX_LENGTH, write_only=True)


class TokenRefreshSerializer(StrictBodyMixin, serializers.Serializer):
    """A refresh token, as the last sign-in or refresh gave it."""

    refresh = text(1, 4096)


class AccessTokenSerializer(serializers.Serializer):
    access = serializers.CharField()


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class PasswordChangeSerializer(StrictBodyMixin, serializers.Serializer):
    """A new password for the signed-in user, who proves the current one."""

    current_password = text(1, PASSWORD_MAX_LENGTH, write_only=True)
    new_password = PasswordField(
        help_text="Also refused: a commonly used password, or one too like the email or name."
    )

    def validate_new_password(self, value: str) -> str:
        try:
            password_validation.validate_password(value, user=self.context["user"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError(list(exc.messages)) from exc
        return value


class SessionsEndedSerializer(serializers.Serializer):
    ended_sessions = serializers.IntegerField(
        min_value=0, help_text="How many other sign-in sessions ended."
    )


class SignInSessionSerializer(serializers.ModelSerializer):
    """One live sign-in session: when it began, was last refreshed (null: never) and ends
    unless refreshed; `current` for the one the request's access token belongs to."""

    current = serializers.SerializerMethodField()

    class Meta:
        model = SignInSession
        fields = ("id", "created_at", "refreshed_at", "expires_at", "current")
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_current(self, session: SignInSession) -> bool:
        return session.pk == self.context["current"]
