"""Where exceptions enter the error core: each hook is a few lines that call `respond`.

- DRF's EXCEPTION_HANDLER, for everything a DRF view raises;
- errors.middleware.ErrorMiddleware, for every other view and for the middleware inside it;
- Django's handler400/403/404/500 and CSRF failure view, for what Django refuses by itself.
"""

from __future__ import annotations

import sys
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from errors import exceptions as app_errors
from errors.rendering import is_api_request, render
from errors.translation import to_app_error


def respond(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The one road from an exception to the wire: translate, then render."""
    return render(request, to_app_error(exc))


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse:
    """DRF's EXCEPTION_HANDLER. Services commit or roll back their own transactions, so there
    is nothing left to roll back here."""
    return respond(context["request"], exc)


@csrf_exempt  # nothing is there to protect: a write to it is a 404, not a CSRF refusal
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The last route: any URL no other route takes, with DEBUG on or off."""
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
