"""Registration, JWT token issue, refresh and logout, and the current user."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.serializers import (
    RegisterSerializer,
    TokenObtainSerializer,
    TokenPairSerializer,
    TokenRefreshSerializer,
    UserSerializer,
)
from errors import exceptions as app_errors
from errors.context import client_address
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
