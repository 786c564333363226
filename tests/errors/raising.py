"""Views that raise one exception of each kind, mounted only by the error tests' URLconf."""

from __future__ import annotations

import socket
from collections.abc import Callable

from django.core import exceptions as django_exceptions
from django.db import connection, connections, transaction
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework import exceptions as drf_exceptions
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView
from rest_framework_simplejwt import exceptions as jwt_exceptions

from accounts.models import User
from errors import exceptions as app_errors

SECRET_TEXT = "s3cr3t-value"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unreachable_database() -> None:
    """Connect, for real, to a PostgreSQL port where nothing listens."""
    settings_dict = {**connections["default"].settings_dict, "PORT": _closed_port()}
    wrapper = connections["default"].__class__(settings_dict, alias="unreachable")
    try:
        wrapper.ensure_connection()
    finally:
        wrapper.close()


def _duplicate_user() -> None:
    """A service whose second write fails: its transaction takes the first one back too."""
    with transaction.atomic():
        User.objects.create_user(email="twice@example.com", password="x", name="One")
        User.objects.bulk_create([User(email="twice@example.com", name="Two")])


def _null_in_required_column() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_user (email, name, password, is_active, is_staff, "
            "is_superuser, date_joined) "
            "VALUES ('n@example.com', NULL, '', true, false, false, now())"
        )


def _full_clean_failure() -> None:
    User(email="not-an-email", name="").full_clean()


def _raise(exc: BaseException) -> Callable[[], None]:
    def raiser() -> None:
        raise exc

    return raiser


KINDS: dict[str, Callable[[], None]] = {
    "app-validation": _raise(app_errors.ValidationError(details={"title": ["Too short."]})),
    "drf-validation-nested": _raise(
        drf_exceptions.ValidationError(
            {"address": {"city": ["Required."]}, "items": [{}, {"qty": ["Too big."]}]}
        )
    ),
    "drf-validation-list": _raise(drf_exceptions.ValidationError(["The whole object is wrong."])),
    "drf-parse": _raise(drf_exceptions.ParseError()),
    "drf-not-authenticated": _raise(drf_exceptions.NotAuthenticated()),
    "drf-authentication-failed": _raise(drf_exceptions.AuthenticationFailed()),
    "jwt-expired": _raise(jwt_exceptions.ExpiredTokenError("Token is expired")),
    "jwt-invalid": _raise(jwt_exceptions.TokenError("Token is invalid")),
    "drf-permission-denied": _raise(drf_exceptions.PermissionDenied()),
    "django-permission-denied": _raise(django_exceptions.PermissionDenied()),
    "drf-not-found": _raise(drf_exceptions.NotFound()),
    "django-http404": _raise(Http404("no such thing")),
    "django-does-not-exist": _raise(User.DoesNotExist()),
    "drf-method-not-allowed": _raise(drf_exceptions.MethodNotAllowed("PATCH")),
    "drf-not-acceptable": _raise(drf_exceptions.NotAcceptable()),
    "drf-unsupported-media": _raise(drf_exceptions.UnsupportedMediaType("text/plain")),
    "drf-throttled": _raise(drf_exceptions.Throttled(wait=12.3)),
    "app-rate-limit": _raise(app_errors.RateLimitError(retry_after=30)),
    "django-validation-dict": _raise(
        django_exceptions.ValidationError({"price": ["Must be positive."], "__all__": ["Bad."]})
    ),
    "django-full-clean": _full_clean_failure,
    "django-suspicious": _raise(django_exceptions.SuspiciousOperation("odd")),
    "django-bad-request": _raise(django_exceptions.BadRequest("odd")),
    "integrity-unique": _duplicate_user,
    "integrity-not-null": _null_in_required_column,
    "database-unavailable": _unreachable_database,
    "app-email-exists": _raise(app_errors.EmailExistsError()),
    "app-insufficient-balance": _raise(
        app_errors.InsufficientBalanceError(required=10, available=5)
    ),
    "app-ai-failed": _raise(app_errors.AIInvalidResponseError()),
    "app-upstream": _raise(app_errors.UpstreamError()),
    "app-forbidden": _raise(app_errors.PermissionDeniedError()),
    "unhandled": _raise(RuntimeError(f"database password is {SECRET_TEXT}")),
    "unhandled-key-error": _raise(KeyError(SECRET_TEXT)),
}


class RaiseApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    def get(self, request: Request, kind: str) -> HttpResponse:
        KINDS[kind]()
        return HttpResponse("not raised")


def raise_view(request: HttpRequest, kind: str) -> HttpResponse:
    KINDS[kind]()
    return HttpResponse("not raised")


class ExplodingMiddleware:
    """Raises before any view runs when the request asks it to."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "HTTP_X_EXPLODE" in request.META:
            raise RuntimeError(f"middleware broke with {SECRET_TEXT}")
        return self.get_response(request)


def _charge_then_crash() -> None:
    """A service that fails after its debit, inside its own transaction."""
    from tokens.services import tokens_deduct

    with transaction.atomic():
        tokens_deduct(user=User.objects.get(email="payer@example.com"), amount=4)
        raise RuntimeError(f"crash after the debit {SECRET_TEXT}")


KINDS["charge-then-crash"] = _charge_then_crash
