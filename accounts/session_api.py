"""The web pages' sign-in session: sign in, refresh and sign out with the refresh token in an
HttpOnly cookie, for this site's own pages only (the bearer API: accounts.api)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services, sessions
from accounts.api import TokenObtainApi
from accounts.serializers import (
    AccessTokenSerializer,
    TokenObtainSerializer,
)
from api.views import NoStore
from errors import exceptions as app_errors
from observability.context import client_address

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
        pair = sessions.tokens_refresh(refresh=refresh)
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
            sessions.tokens_logout(refresh=refresh)
        return _with_session_cookie(Response(status=status.HTTP_204_NO_CONTENT), None)
