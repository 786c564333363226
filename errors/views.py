"""Helpers for views of the error-handling core and its neighbours."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest
from django.views import View

ViewClass = TypeVar("ViewClass", bound=type[View])


def outside_request_transaction(view_class: ViewClass) -> ViewClass:
    """Exempt a class-based view from ATOMIC_REQUESTS.

    The mark goes on the view function `as_view()` returns, where Django looks for it, once;
    `method_decorator(..., name="dispatch")` would rebuild a wrapper around dispatch on every
    request (about a twentieth of a small response's time).
    """
    parent = view_class.__dict__.get("as_view")

    # Positional arguments too: DRF's routers call ViewSet.as_view({"get": "list"}).
    def as_view(cls: type[View], *args: Any, **initkwargs: Any) -> Callable[..., Any]:
        view = (
            parent.__func__(cls, *args, **initkwargs)
            if parent is not None
            else super(view_class, cls).as_view(*args, **initkwargs)
        )
        return transaction.non_atomic_requests(view)

    view_class.as_view = classmethod(as_view)  # type: ignore[method-assign]
    view_class.outside_request_transaction = True
    return view_class


def runs_outside_request_transaction(request: HttpRequest, view: Any) -> bool:
    """Whether the view that served `request` was exempted from ATOMIC_REQUESTS: the mark on
    the view function the URL resolved to, which is what Django obeys (a subclass whose own
    as_view() dropped it runs inside the transaction after all), or the class's mark for a view
    called without URL resolution."""
    function = getattr(getattr(request, "resolver_match", None), "func", None)
    if function is None:
        return bool(getattr(view, "outside_request_transaction", False))
    return DEFAULT_DB_ALIAS in getattr(function, "_non_atomic_requests", ())


def database_free(view_class: ViewClass) -> ViewClass:
    """Mark a view that never touches the database.

    It then runs outside the request transaction, so it answers while the database is down, and
    its OpenAPI entry does not list SYSTEM_DATABASE_UNAVAILABLE.
    """
    view_class.uses_database = False
    return outside_request_transaction(view_class)
