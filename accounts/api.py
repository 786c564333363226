"""Registration, JWT token issue, refresh and logout, the current user, a new password and the
user's sign-in sessions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.serializers import (
    AccessTokenSerializer,
    PasswordChangeSerializer,
    RegisterSerializer,
    SessionsEndedSerializer,
    SignInSessionSerializer,
    TokenObtainSerializer,
    TokenPairSerializer,
    TokenRefreshSerializer,
    UserSerializer,
)
from errors import exceptions as app_errors
from observability.context import client_address
from throttling.throttles import DEFAULT_THROTTLES, RegisterThrottle


class NoStore:
    """Answers that carry tokens say `Cache-Control: no-store`: no cache on the way, and no
    browser's back button, keeps a copy."""

    no_store = True  # the OpenAPI document lists the header (api.schema)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        patch_cache_control(response, no_store=True)
        return response


class RegisterApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (*DEFAULT_THROTTLES, RegisterThrottle)
    error_codes = (app_errors.EmailExistsError,)

    @extend_schema(
        request=RegisterSerializer, responses={201: UserSerializer}, operation_id="register"
    )
    def post(self, request: Request) -> Response:
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_register(**serializer.validated_data)
        return Response(
            UserSerializer(user).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": "/api/v1/auth/me"},
        )


class TokenObtainApi(NoStore, APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    error_codes = (
        app_errors.InvalidCredentialsError,
        app_errors.RateLimitError,
        app_errors.RateLimiterUnavailableError,
    )

    @extend_schema(
        request=TokenObtainSerializer, responses=TokenPairSerializer, operation_id="token_obtain"
    )
    def post(self, request: Request) -> Response:
        serializer = TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pair = services.tokens_obtain(address=client_address(request), **serializer.validated_data)
        return Response(pair)


class TokenRefreshApi(NoStore, APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    error_codes = (app_errors.TokenInvalidError,)

    @extend_schema(
        request=TokenRefreshSerializer, responses=TokenPairSerializer, operation_id="token_refresh"
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRefreshSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(services.tokens_refresh(**serializer.validated_data))


class LogoutApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        request=TokenRefreshSerializer,
        responses={
            204: OpenApiResponse(
                description="The refresh token's session is ended, if it had one: an unknown, "
                "expired or already revoked token answers 204 too."
            )
        },
        operation_id="logout",
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRefreshSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.tokens_logout(**serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=UserSerializer, operation_id="me")
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(request.user).data)


class PasswordChangeApi(APIView):
    """A new password. The current one is checked as a login's is, behind the same attempt
    limits (429 past them; 503 with the limiter unreachable), and a wrong one is a 400 naming
    `current_password`; the new one passes the password validators or is a 400 naming
    `new_password`. Then every other sign-in session ends, its refresh and access tokens
    refused at once, while the session of the request's access token stays signed in.
    Answers 200 `{ended_sessions}`: how many other sessions ended."""

    permission_classes = (IsAuthenticated,)
    error_codes = (app_errors.RateLimitError, app_errors.RateLimiterUnavailableError)

    @extend_schema(
        request=PasswordChangeSerializer,
        responses=SessionsEndedSerializer,
        operation_id="password_change",
        description="Every other sign-in session ends, its refresh and access tokens refused "
        "at once; the session of this request's access token stays signed in. The current "
        "password is checked behind the login attempt limits.",
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordChangeSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        ended = services.password_change(
            user=request.user,
            session_id=services.session_id_of(request.auth),
            address=client_address(request),
            **serializer.validated_data,
        )
        return Response(SessionsEndedSerializer({"ended_sessions": ended}).data)


class SessionListApi(APIView):
    """The user's live sign-in sessions (at most the newest 100), newest first; `current`
    marks the request's own. No token, nor anything that could stand for one."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=SignInSessionSerializer(many=True), operation_id="sessions_list")
    def get(self, request: Request) -> Response:
        sessions = services.sign_in_sessions_live(user=request.user)
        current = services.session_id_of(request.auth)
        return Response(
            SignInSessionSerializer(sessions, many=True, context={"current": current}).data
        )


class SessionsEndOthersApi(APIView):
    """Sign out everywhere else: every sign-in session but the request's ends, refresh and
    access tokens refused at once. Answers 200 `{ended_sessions}`."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=None,
        responses=SessionsEndedSerializer,
        operation_id="sessions_end_others",
        description="The session of this request's access token stays signed in; every other "
        "one ends, its refresh and access tokens refused at once.",
    )
    def post(self, request: Request) -> Response:
        ended = services.sign_in_sessions_end_others(
            user=request.user, session_id=services.session_id_of(request.auth)
        )
        return Response(SessionsEndedSerializer({"ended_sessions": ended}).data)


# The web pages' session: the refresh token in a cookie that scripts cannot read, sent only by
# this site's pages; the access token stays in page memory. The cookie's `__Host-` prefix (with
# Secure and Path=/, no Domain) makes browsers refuse a cookie of that name planted by any other
# origin, a sibling subdomain included ("cookie tossing"). Development over plain HTTP
# (SESSION_REFRESH_COOKIE_SECURE=false) cannot use the prefix and names it `deals_refresh`.
SECURE_SESSION_COOKIE = "__Host-deals_refresh"
PLAIN_SESSION_COOKIE = "deals_refresh"
SESSION_PATH = "/api/v1/auth/session"
SESSION_COOKIE_PARAMETER = OpenApiParameter(
    SECURE_SESSION_COOKIE,
    str,
    OpenApiParameter.COOKIE,
    description="Set by POST /api/v1/auth/session; the browser sends it, scripts never see it. "
    f"`{PLAIN_SESSION_COOKIE}` where SESSION_REFRESH_COOKIE_SECURE is false (development).",
)


def session_cookie_name() -> str:
    secure = settings.SESSION_REFRESH_COOKIE_SECURE
    return SECURE_SESSION_COOKIE if secure else PLAIN_SESSION_COOKIE


def _with_session_cookie(response: HttpResponse, refresh: str | None) -> HttpResponse:
    if refresh is None:
        response.delete_cookie(session_cookie_name(), path="/", samesite="Strict")
        return response
    response.set_cookie(
        session_cookie_name(),
        refresh,
        max_age=settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds(),
        path="/",
        secure=settings.SESSION_REFRESH_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


class SameOriginOnly(BasePermission):
    """The session endpoints serve this site's own pages and nothing else: a browser request
    from another site (`Sec-Fetch-Site` other than same-origin) or another origin (an `Origin`
    that is not this one, e.g. the same host on another port) is refused before any cookie is
    read, set or deleted. Clients that send neither header are not browsers acting for a
    visitor (browsers send `Origin` on every POST) and are let through."""

    def has_permission(self, request: Request, view: Any) -> bool:
        site = request.headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            raise app_errors.CsrfFailedError("The session answers this site's own pages only.")
        origin = request.headers.get("Origin")
        own = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
        if origin is not None and origin not in own:
            raise app_errors.CsrfFailedError("The session answers this site's own pages only.")
        return True


class SessionLoginApi(TokenObtainApi):
    """Sign in for the pages: the access token in the body, the refresh token in the cookie."""

    permission_classes = (SameOriginOnly,)
    error_codes = (*TokenObtainApi.error_codes, app_errors.CsrfFailedError)

    @extend_schema(
        request=TokenObtainSerializer,
        responses=AccessTokenSerializer,
        operation_id="session_login",
        description="For the web pages: the refresh token is set as an HttpOnly, Secure, "
        f"SameSite=Strict cookie `{SECURE_SESSION_COOKIE}`; API clients use /auth/token. "
        "Browser requests from another site or origin are refused.",
    )
    def post(self, request: Request) -> Response:
        serializer = TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pair = services.tokens_obtain(address=client_address(request), **serializer.validated_data)
        return _with_session_cookie(Response({"access": pair["access"]}), pair["refresh"])


class SessionRefreshApi(NoStore, APIView):
    authentication_classes = ()
    permission_classes = (SameOriginOnly,)
    error_codes = (
        app_errors.NotAuthenticatedError,
        app_errors.TokenInvalidError,
        app_errors.CsrfFailedError,
    )

    @extend_schema(
        request=None,
        responses=AccessTokenSerializer,
        operation_id="session_refresh",
        parameters=[SESSION_COOKIE_PARAMETER],
        description="Rotates the session cookie and answers a new access token.",
    )
    def post(self, request: Request) -> Response:
        refresh = request.COOKIES.get(session_cookie_name())
        if not refresh:
            raise app_errors.NotAuthenticatedError("No session: sign in first.")
        pair = services.tokens_refresh(refresh=refresh)
        return _with_session_cookie(Response({"access": pair["access"]}), pair["refresh"])

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            response.status_code == status.HTTP_401_UNAUTHORIZED
            and session_cookie_name() in request.COOKIES
        ):
            _with_session_cookie(response, None)  # a refused cookie is of no further use
        return response


class SessionLogoutApi(APIView):
    authentication_classes = ()
    permission_classes = (SameOriginOnly,)
    error_codes = (app_errors.CsrfFailedError,)

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="The session is ended and its cookie gone.")},
        operation_id="session_logout",
        parameters=[SESSION_COOKIE_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        refresh = request.COOKIES.get(session_cookie_name())
        if refresh:
            services.tokens_logout(refresh=refresh)
        return _with_session_cookie(Response(status=status.HTTP_204_NO_CONTENT), None)
