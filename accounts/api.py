"""Registration, JWT token issue and refresh, and the current user."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
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
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


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
        pair = services.tokens_obtain(request=request._request, **serializer.validated_data)
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


class MeApi(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=UserSerializer, operation_id="me")
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(request.user).data)
