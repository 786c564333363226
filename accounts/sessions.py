"""Sign-in sessions: rotating refresh tokens, each family of them one session row, and ending
them (one, all but the caller's, or all of a user's)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
from rest_framework_simplejwt.tokens import RefreshToken, Token
from rest_framework_simplejwt.utils import datetime_from_epoch, datetime_to_epoch

from accounts.models import RevokeReason, SignInSession, User
from errors import exceptions as app_errors
from supportdesk.retention import delete_in_batches

logger = logging.getLogger(__name__)

# The claim that names a token's sign-in session (its family); access tokens carry it too.
FAMILY_CLAIM = "fam"
# How long the token a refresh spent may come again and get the session's current token (the
# reuse interval) rather than count as a replay.
REPLAY_GRACE = timedelta(seconds=30)
# Ended sessions are kept this long for support to look at, then pruned.
SESSION_RETENTION = timedelta(days=30)
# The most sessions a user's list shows, newest first (ending the others ends them all).
SESSIONS_LISTED = 100


def _refresh_token_for(user: User, session_id: uuid.UUID | str) -> RefreshToken:
    token = RefreshToken.for_user(user)
    token[FAMILY_CLAIM] = str(session_id)
    return token


def _current_token_of(session: SignInSession, user: User) -> RefreshToken:
    """The session's current refresh token, issued again: its id and expiry, a new signature."""
    token = _refresh_token_for(user, session.pk)
    token["jti"] = session.current_token_id
    token["exp"] = datetime_to_epoch(session.expires_at)
    return token


def _pair(token: RefreshToken) -> dict[str, str]:
    return {"access": str(token.access_token), "refresh": str(token)}


def session_start(*, user: User) -> dict[str, str]:
    """A token pair for a new sign-in session of `user`."""
    session_id = uuid.uuid4()
    token = _refresh_token_for(user, session_id)
    SignInSession.objects.create(
        id=session_id,
        user=user,
        current_token_id=token["jti"],
        expires_at=datetime_from_epoch(token["exp"]),
    )
    return _pair(token)


def _invalid(message: str, reason: str) -> app_errors.TokenInvalidError:
    return app_errors.TokenInvalidError(message, details={"reason": reason})


def session_id_of(token: Token) -> uuid.UUID | None:
    """The sign-in session a token, refresh or access, belongs to (its `fam` claim); None for a
    token issued outside any session."""
    try:
        return uuid.UUID(str(token.get(FAMILY_CLAIM)))
    except ValueError:
        return None


def tokens_refresh(*, refresh: str) -> dict[str, str]:
    """Rotate a refresh token: spent exactly once, even when refreshes race.

    A token of the session that is not its current one was rotated before: replaying it revokes
    the whole session, so a stolen token and its descendants stop working together (refresh-token
    reuse detection, as the OAuth 2.0 security best current practice has it). One exception, the
    "reuse interval" of common identity providers: the token the last refresh spent, presented
    again within REPLAY_GRACE, is answered with the session's current token issued again (same id
    and expiry) and a fresh access token, and nothing rotates. A client whose answer was lost, or
    two tabs that refreshed together, converge on the one current token instead of being signed
    out; a stolen token is worth a session only within REPLAY_GRACE of the rotation that spent it.
    Commits its own writes: call it outside a transaction that an error would roll back.
    """
    try:
        token = RefreshToken(refresh)
    except ExpiredTokenError as exc:
        raise _invalid("The refresh token has expired; log in again.", "expired") from exc
    except TokenError as exc:
        raise _invalid("The refresh token is invalid or already used.", "invalid") from exc
    session_id = session_id_of(token)
    user = User.objects.filter(pk=token.get("user_id"), is_active=True).first()
    if session_id is None or user is None:
        raise _invalid("The refresh token is invalid or already used.", "invalid")
    successor = _refresh_token_for(user, session_id)
    now = timezone.now()
    rotated = SignInSession.objects.filter(
        pk=session_id, user=user, current_token_id=token["jti"], revoked_at__isnull=True
    ).update(
        previous_token_id=token["jti"],
        current_token_id=successor["jti"],
        refreshed_at=now,
        expires_at=datetime_from_epoch(successor["exp"]),
    )
    if rotated:
        return _pair(successor)
    return _not_current(token, session_id=session_id, user=user, now=now)


def _not_current(
    token: RefreshToken, *, session_id: uuid.UUID, user: User, now: datetime
) -> dict[str, str]:
    """A refresh token that is not its session's current one: the session's current token
    again within the reuse interval of the refresh that spent it; else the session is revoked
    as a replay (or was already ended)."""
    session = SignInSession.objects.filter(pk=session_id, user=user).first()
    if session is None:
        raise _invalid("The refresh token is invalid or already used.", "invalid")
    if session.revoked_at is not None:
        raise _invalid("This session has ended; log in again.", "revoked")
    if session.previous_token_id == token["jti"] and session.refreshed_at > now - REPLAY_GRACE:
        return _pair(_current_token_of(session, user))
    _revoke(SignInSession.objects.filter(pk=session_id), reason=RevokeReason.REUSE)
    logger.warning(
        "a rotated refresh token was replayed; its sign-in session is revoked",
        extra={"session_id": str(session_id), "account_id": user.pk},
    )
    raise _invalid("The refresh token is invalid or already used.", "used")


def tokens_logout(*, refresh: str) -> None:
    """End the session of a refresh token. Says nothing: an unknown, expired or already revoked
    token ends nothing, without an error."""
    try:
        token = RefreshToken(refresh)
    except TokenError:
        return
    session_id = session_id_of(token)
    if session_id is not None:
        _revoke(
            SignInSession.objects.filter(pk=session_id, user_id=token.get("user_id")),
            reason=RevokeReason.LOGOUT,
        )


def sign_in_sessions_revoke(
    *, actor: User, user_ids: Iterable[int] = (), session_ids: Iterable[uuid.UUID | str] = ()
) -> int:
    """Support ends sessions: every session of `user_ids`, and the sessions `session_ids`.

    Refresh tokens of a revoked session are refused at once; access tokens already issued run
    out within JWT_ACCESS_TTL_SECONDS (deactivate the user to cut those off too).
    """
    sessions = SignInSession.objects.filter(
        Q(user_id__in=list(user_ids)) | Q(pk__in=list(session_ids))
    )
    revoked = _revoke(sessions, reason=RevokeReason.SUPPORT, actor=actor)
    logger.warning(
        "sign-in sessions revoked by support", extra={"revoked": revoked, "actor_id": actor.pk}
    )
    return revoked


def sign_in_sessions_end_for(
    *,
    user: User,
    reason: RevokeReason,
    actor: User | None = None,
    keep: uuid.UUID | None = None,
) -> int:
    """End every sign-in session of `user` (a new password, deactivation, "sign out everywhere
    else") but `keep`: their refresh tokens are refused at once, and so are the access tokens
    issued until now, to the second (the bearer authentication compares their `iat` with
    `User.sessions_ended_at`). Returns how many live sessions ended; expired ones are marked
    too, uncounted.

    `keep`, the session the user acts from, goes on: its refresh token rotates as before and
    its access tokens stay good (`User.sessions_ended_except` names it). A `keep` that is not a
    live session of the user keeps nothing: a caller whose own session has ended is signed out
    with the rest.

    Every token the API issues belongs to a session, whose row outlives the token by
    SESSION_RETENTION: a user without any session row (one being registered) holds no token,
    and is left unmarked, so that its first sign-in is not refused for sharing the second.
    """
    sessions = SignInSession.objects.filter(user=user)
    if not sessions.exists():
        return 0
    with transaction.atomic():
        # One ending at a time per user (the row lock): of two sessions that end each other at
        # once, the second finds its own ended and keeps nothing.
        User.objects.select_for_update().filter(pk=user.pk).values_list("pk").first()
        now = timezone.now()
        if keep is not None and not sessions.filter(pk=keep).filter(_live(now)).exists():
            keep = None
        User.objects.filter(pk=user.pk).update(sessions_ended_at=now, sessions_ended_except=keep)
        others = sessions.exclude(pk=keep) if keep is not None else sessions
        ended = _revoke(others.filter(_live(now)), reason=reason, actor=actor)
        _revoke(others, reason=reason, actor=actor)
    user.sessions_ended_at, user.sessions_ended_except = now, keep
    logger.info(
        "sign-in sessions ended",
        extra={
            "account_id": user.pk,
            "revoked": ended,
            "revoke_reason": str(reason),
            "kept_session_id": str(keep) if keep else None,
        },
    )
    return ended


def sign_in_sessions_end_others(*, user: User, session_id: uuid.UUID | None) -> int:
    """Sign out everywhere else: end every sign-in session of `user` but `session_id` (the
    request's), access tokens included; returns how many ended."""
    return sign_in_sessions_end_for(user=user, reason=RevokeReason.ELSEWHERE, keep=session_id)


def sign_in_sessions_live(*, user: User) -> QuerySet[SignInSession]:
    """The user's sessions that neither ended nor expired, newest first, at most
    SESSIONS_LISTED."""
    live = SignInSession.objects.filter(user=user).filter(_live(timezone.now()))
    return live.order_by("-created_at", "-pk")[:SESSIONS_LISTED]


def _live(now: datetime) -> Q:
    return Q(revoked_at__isnull=True, expires_at__gt=now)


def _revoke(
    sessions: QuerySet[SignInSession], *, reason: RevokeReason, actor: User | None = None
) -> int:
    return sessions.filter(revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason, revoked_by=actor
    )


def sign_in_sessions_prune(*, now: datetime | None = None) -> int:
    """Delete sessions that ended (expired or revoked) more than SESSION_RETENTION ago."""
    cutoff = (now or timezone.now()) - SESSION_RETENTION
    ended = SignInSession.objects.filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
    return delete_in_batches(ended)
