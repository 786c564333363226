"""Registration, JWT token issue, refresh and logout, and the current user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.serializers import (
    AccessTokenSerializer,
    RegisterSerializer,
    TokenObtainSerializer,
    TokenPairSerializer,
    TokenRefreshSerializer,
    UserSerializer,
)
from errors import exceptions as app_errors
from observability.context import client_address
from throttling.throttles import DEFAULT_THROTTLES, RegisterThrottle


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


class TokenObtainApi(APIView):
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


class TokenRefreshApi(APIView):
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


# The web pages' session: the refresh token in a cookie that scripts cannot read, sent only to the
# session's own paths and only by this site's pages; the access token stays in page memory.
# Cross-site requests never carry a SameSite=Strict cookie, so another site can neither refresh
# nor end the session; the access token comes back in a body that another origin cannot read.
SESSION_COOKIE = "deals_refresh"
SESSION_PATH = "/api/v1/auth/session"
SESSION_COOKIE_PARAMETER = OpenApiParameter(
    SESSION_COOKIE,
    str,
    OpenApiParameter.COOKIE,
    description="Set by POST /api/v1/auth/session; the browser sends it, scripts never see it.",
)


def _with_session_cookie(response: HttpResponse, refresh: str | None) -> HttpResponse:
    if refresh is None:
        response.delete_cookie(SESSION_COOKIE, path=SESSION_PATH, samesite="Strict")
        return response
    response.set_cookie(
        SESSION_COOKIE,
        refresh,
        max_age=settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds(),
        path=SESSION_PATH,
        secure=settings.SESSION_REFRESH_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


class SessionLoginApi(TokenObtainApi):
    """Sign in for the pages: the access token in the body, the refresh token in the cookie."""

    @extend_schema(
        request=TokenObtainSerializer,
        responses=AccessTokenSerializer,
        operation_id="session_login",
        description="For the web pages: the refresh token is set as an HttpOnly, SameSite=Strict "
        f"cookie `{SESSION_COOKIE}` scoped to {SESSION_PATH}; API clients use /auth/token.",
    )
    def post(self, request: Request) -> Response:
        serializer = TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pair = services.tokens_obtain(address=client_address(request), **serializer.validated_data)
        return _with_session_cookie(Response({"access": pair["access"]}), pair["refresh"])


class SessionRefreshApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    error_codes = (app_errors.NotAuthenticatedError, app_errors.TokenInvalidError)

    @extend_schema(
        request=None,
        responses=AccessTokenSerializer,
        operation_id="session_refresh",
        parameters=[SESSION_COOKIE_PARAMETER],
        description=f"Rotates the `{SESSION_COOKIE}` cookie and answers a new access token.",
    )
    def post(self, request: Request) -> Response:
        refresh = request.COOKIES.get(SESSION_COOKIE)
        if not refresh:
            raise app_errors.NotAuthenticatedError("No session: sign in first.")
        pair = services.tokens_refresh(refresh=refresh)
        return _with_session_cookie(Response({"access": pair["access"]}), pair["refresh"])

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            response.status_code == status.HTTP_401_UNAUTHORIZED
            and SESSION_COOKIE in request.COOKIES
        ):
            _with_session_cookie(response, None)  # a refused cookie is of no further use
        return response


class SessionLogoutApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="The session is ended and its cookie gone.")},
        operation_id="session_logout",
        parameters=[SESSION_COOKIE_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        refresh = request.COOKIES.get(SESSION_COOKIE)
        if refresh:
            services.tokens_logout(refresh=refresh)
        return _with_session_cookie(Response(status=status.HTTP_204_NO_CONTENT), None)
