"""Registration, login behind its attempt limits, and a password change (sign-in sessions
themselves: accounts.sessions)."""

from __future__ import annotations

import logging
import uuid

from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from accounts.models import RevokeReason, User, normalize_email
from accounts.sessions import session_start, sign_in_sessions_end_for
from errors import exceptions as app_errors
from throttling.throttles import login_attempt_count
from tokens.services import signup_bonus_grant

logger = logging.getLogger(__name__)


def user_register(*, email: str, password: str, name: str) -> User:
    """Create an account with its signup bonus, in one transaction.

    A taken email is a conflict, also when two registrations race.
    """
    email = normalize_email(email)
    if User.objects.filter(email=email).exists():
        raise app_errors.EmailExistsError()
    user = User.objects.build_user(email=email, password=password, name=name)
    try:
        with transaction.atomic():
            user.save()
            signup_bonus_grant(user=user)
    except IntegrityError as exc:
        if User.objects.filter(email=email).exists():
            raise app_errors.EmailExistsError() from exc
        raise
    return user


def login_attempt(
    *, email: str, password: str, address: str | None, channel: str, staff_only: bool = False
) -> User:
    """The user these credentials open, for the API (`channel="api"`) and the admin alike.

    Every attempt, failed or not, is counted before the password is checked: however many
    arrive at once, no more than the limits reach the password check. A failure is a WARNING
    line that names the channel, the address and the account (when one has that email), never
    what was typed.
    """
    user = _credentials_checked(
        email=email, password=password, address=address, channel=channel, staff_only=staff_only
    )
    if user is None:
        raise app_errors.InvalidCredentialsError()
    return user


def _credentials_checked(
    *, email: str, password: str, address: str | None, channel: str, staff_only: bool = False
) -> User | None:
    email = normalize_email(email)
    login_attempt_count(email=email, address=address)
    user = authenticate(None, email=email, password=password)
    if user is None or (staff_only and not user.is_staff):
        account = User.objects.filter(email=email).values_list("pk", flat=True).first()
        logger.warning(
            "%s login failed",
            channel,
            extra={"login_channel": channel, "client_address": address, "account_id": account},
        )
        return None
    return user


def password_change(
    *,
    user: User,
    current_password: str,
    new_password: str,
    session_id: uuid.UUID | None,
    address: str | None,
) -> int:
    """Give `user` a new password and end every other sign-in session; returns how many ended.

    `current_password` is checked as a login's password is, behind the same attempt limits
    (counted before the check, failed or not; a failure is a `password_change login failed`
    line): wrong, it is a validation error naming `current_password`, and nothing changes.
    `new_password` has passed the password validators (the serializer).

    The session `session_id` (the request's) stays signed in, its access tokens included
    (`sign_in_sessions_end_for` with `keep`); every other one ends with its access tokens.
    Django's `password_changed` hook is not called: its one effect here (accounts.passwords)
    is ending every session, this one too, and that is done here, keeping this one.
    """
    checked = _credentials_checked(
        email=user.email, password=current_password, address=address, channel="password_change"
    )
    if checked is None or checked.pk != user.pk:
        raise app_errors.ValidationError(
            "Invalid input in: current_password.",
            details={"current_password": ["This is not your current password."]},
        )
    hashed = make_password(new_password)  # slow on purpose: before the transaction
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(password=hashed)
        ended = sign_in_sessions_end_for(user=user, reason=RevokeReason.PASSWORD, keep=session_id)
    user.password = hashed
    return ended


def tokens_obtain(*, email: str, password: str, address: str | None) -> dict[str, str]:
    """Log in through the API: a token pair for valid credentials."""
    user = login_attempt(email=email, password=password, address=address, channel="api")
    return session_start(user=user)
