"""Where exceptions enter the error core: each hook is a few lines that call `respond`.

- DRF's EXCEPTION_HANDLER, for everything a DRF view raises;
- ErrorMiddleware, for every other view and for the middleware inside it;
- Django's handler400/403/404/500 and CSRF failure view, for what Django refuses by itself.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import AccessToken

from errors import exceptions as app_errors
from errors.rendering import is_api_request, render
from errors.translation import to_app_error
from observability import context


def respond(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The one road from an exception to the wire: translate, then render."""
    return render(request, to_app_error(exc))


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse:
    """DRF's EXCEPTION_HANDLER. Services commit or roll back their own transactions, so there
    is nothing left to roll back here."""
    return respond(context["request"], exc)


class ErrorMiddleware:
    """The hook for everything that is not a DRF view (DRF's own handler takes those).

    It answers a bad Host before anything reads it, an exception any other view raised
    (`process_exception`), and one raised by the middleware inside it: settings turn on
    DEBUG_PROPAGATE_EXCEPTIONS, so such an exception reaches here instead of Django's own 500
    page or debug page, with DEBUG on or off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.get_host()
            return self.get_response(request)
        except Exception as exc:  # noqa: BLE001 - the outer edge answers for everything
            return respond(request, exc)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse:
        return respond(request, exception)


def _bearer_user_id(request: HttpRequest) -> int | None:
    """The user a valid access token names. Read from the token alone, so an unknown URL asked
    by a signed-in user is recorded for them even while the database is down."""
    scheme, _, raw = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme != "Bearer" or not raw.strip():
        return None
    try:
        return AccessToken(raw.strip()).get(jwt_settings.USER_ID_CLAIM)
    except TokenError:
        return None


@csrf_exempt  # nothing is there to protect: a write to it is a 404, not a CSRF refusal
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The last route: any URL no other route takes, with DEBUG on or off. No view authenticated
    the request, so the access token, if any, says who asked."""
    context.set_user_id(_bearer_user_id(request))
    message = "No API endpoint at this URL." if is_api_request(request) else None
    raise app_errors.ResourceNotFoundError(message)


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return respond(request, exception or app_errors.BadRequestError())


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return respond(request, exception or app_errors.PermissionDeniedError())


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return respond(request, app_errors.ResourceNotFoundError())


def server_error(request: HttpRequest) -> HttpResponse:
    return respond(request, sys.exc_info()[1] or app_errors.UnhandledError())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return respond(request, app_errors.CsrfFailedError())
