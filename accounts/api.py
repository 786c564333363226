"""Registration, JWT token issue, refresh and logout, the current user, a new password and the
user's sign-in sessions."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services, sessions
from accounts.serializers import (
    PasswordChangeSerializer,
    RegisterSerializer,
    SessionsEndedSerializer,
    SignInSessionSerializer,
    TokenObtainSerializer,
    TokenPairSerializer,
    TokenRefreshSerializer,
    UserSerializer,
)
from api.views import NoStore
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
        return Response(sessions.tokens_refresh(**serializer.validated_data))


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
        sessions.tokens_logout(**serializer.validated_data)
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
            session_id=sessions.session_id_of(request.auth),
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
        live = sessions.sign_in_sessions_live(user=request.user)
        current = sessions.session_id_of(request.auth)
        return Response(SignInSessionSerializer(live, many=True, context={"current": current}).data)


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
        ended = sessions.sign_in_sessions_end_others(
            user=request.user, session_id=sessions.session_id_of(request.auth)
        )
        return Response(SessionsEndedSerializer({"ended_sessions": ended}).data)
