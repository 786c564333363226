"""Bearer-token authentication that tells an expired access token from a bad one."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import AccessToken

from accounts.sessions import FAMILY_CLAIM
from errors import exceptions as app_errors
from observability import context


class BearerTokenAuthentication(JWTAuthentication):
    """simplejwt's authentication with the codes clients branch on.

    An expired access token is AUTH_TOKEN_EXPIRED (refresh and retry); anything else wrong with
    the token is AUTH_TOKEN_INVALID (log in again).
    """

    def authenticate(self, request: Request) -> tuple[Any, AccessToken] | None:
        header = self.get_header(request)
        if header is None:
            return None
        parts = header.split()
        if not parts or parts[0].decode("latin-1") not in jwt_settings.AUTH_HEADER_TYPES:
            return None
        if len(parts) != 2:
            raise app_errors.TokenInvalidError(
                "The Authorization header must be 'Bearer <access token>'."
            )
        token = self.get_validated_token(parts[1])
        user = self.get_user(token)
        context.set_user_id(user.pk)
        return user, token

    def get_validated_token(self, raw_token: bytes) -> AccessToken:
        try:
            return AccessToken(raw_token.decode("latin-1"))
        except ExpiredTokenError as exc:
            raise app_errors.TokenExpiredError() from exc
        except TokenError as exc:
            raise app_errors.TokenInvalidError() from exc

    def get_user(self, validated_token: AccessToken) -> Any:
        user_id = validated_token.get(jwt_settings.USER_ID_CLAIM)
        if user_id is None:
            raise app_errors.TokenInvalidError()
        try:
            user = self.user_model.objects.get(**{jwt_settings.USER_ID_FIELD: user_id})
        except (self.user_model.DoesNotExist, ValueError, TypeError) as exc:
            raise app_errors.TokenInvalidError("The token's user no longer exists.") from exc
        if not user.is_active:
            raise app_errors.TokenInvalidError("The token's user is inactive.")
        if issued_before_sessions_ended(validated_token, user):
            raise app_errors.TokenInvalidError("This session has ended; log in again.")
        return user

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


def issued_before_sessions_ended(token: AccessToken, user: Any) -> bool:
    """Whether the user's sessions were ended (accounts.sessions.sign_in_sessions_end_for) after
    this token was issued: a comparison on the user row this authentication loads anyway, so
    cutting off access tokens costs no query. `iat` counts whole seconds, so a token issued in
    the very second sessions ended is refused too; its holder signs in again. The tokens of the
    session they were ended from (`sessions_ended_except`) are not cut off: it stays signed in."""
    ended = user.sessions_ended_at
    if ended is None:
        return False
    kept = user.sessions_ended_except
    if kept is not None and token.get(FAMILY_CLAIM) == str(kept):
        return False
    issued = token.get("iat")
    return not isinstance(issued, int) or issued <= int(ended.timestamp())
