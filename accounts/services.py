"""Registration and token issuing."""

from __future__ import annotations

import contextlib
import logging

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from accounts.models import User, normalize_email
from errors import exceptions as app_errors
from monitoring import metrics
from throttling import limiter
from throttling.throttles import client_address, refuse, remember
from tokens.services import signup_bonus_grant

logger = logging.getLogger(__name__)


def user_register(*, email: str, password: str, name: str) -> User:
    """Create an account with its signup bonus, in one transaction.

    A taken email is a conflict, also when two registrations race.
    """
    email = normalize_email(email)
    if User.objects.filter(email=email).exists():
        raise app_errors.EmailExistsError()
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=password, name=name)
            signup_bonus_grant(user=user)
    except IntegrityError as exc:
        if User.objects.filter(email=email).exists():
            raise app_errors.EmailExistsError() from exc
        raise
    return user


def token_pair_for(user: User) -> dict[str, str]:
    refresh = RefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def _login_counters(request: HttpRequest | None, email: str) -> list[tuple[str, str]]:
    address = limiter.address_identity(client_address(request) if request else None)
    return [("login", f"{email}|{address}"), ("login_ip", address)]


def tokens_obtain(*, request: HttpRequest | None, email: str, password: str) -> dict[str, str]:
    """Issue a token pair for valid credentials.

    Every attempt is counted before the password is checked, per (email, address) and per
    address, and a successful one is given back: only failures use up the limit, and however
    many guesses arrive at once, no more than the limit reach the password check. If the counters
    cannot be reached, logins are refused (503) rather than let a guesser through.
    """
    email = normalize_email(email)
    counters = _login_counters(request, email) if settings.RATE_LIMIT_ENABLED else []
    counted: list[tuple[str, str, limiter.Rate, limiter.Decision]] = []
    try:
        for scope, identity in counters:
            rate = limiter.parse_rate(settings.RATE_LIMITS[scope])
            decision = limiter.hit(scope, identity, rate)
            counted.append((scope, identity, rate, decision))
            if request is not None:
                remember(request, decision)
            if not decision.allowed:
                raise refuse(decision)
    except limiter.LimiterUnavailable as error:
        metrics.rate_limiter_unavailable_total.labels("login").inc()
        logger.error("login refused: rate limiter unavailable")
        raise app_errors.RateLimiterUnavailableError(headers={"Retry-After": "5"}) from error
    user = authenticate(request, email=email, password=password)
    if user is None:
        raise app_errors.InvalidCredentialsError()
    for scope, identity, rate, decision in counted:
        with contextlib.suppress(limiter.LimiterUnavailable):
            limiter.give_back(scope, identity, rate, decision)
    return token_pair_for(user)


def tokens_refresh(*, refresh: str) -> dict[str, str]:
    """Rotate a refresh token: it is spent exactly once, even when two refreshes race."""
    try:
        token = RefreshToken(refresh)
    except ExpiredTokenError as exc:
        raise app_errors.TokenInvalidError(
            "The refresh token has expired; log in again.", details={"reason": "expired"}
        ) from exc
    except TokenError as exc:
        raise app_errors.TokenInvalidError(
            "The refresh token is invalid or already used.", details={"reason": "invalid"}
        ) from exc
    user = User.objects.filter(pk=token.get("user_id"), is_active=True).first()
    if user is None:
        raise app_errors.TokenInvalidError(
            "The refresh token's user no longer exists.", details={"reason": "invalid"}
        )
    outstanding, _ = OutstandingToken.objects.get_or_create(
        jti=token["jti"],
        defaults={
            "user": user,
            "token": refresh,
            "expires_at": datetime_from_epoch(token["exp"]),
        },
    )
    try:
        with transaction.atomic():
            BlacklistedToken.objects.create(token=outstanding)
    except IntegrityError as exc:
        raise app_errors.TokenInvalidError(
            "The refresh token is invalid or already used.", details={"reason": "used"}
        ) from exc
    return token_pair_for(user)
