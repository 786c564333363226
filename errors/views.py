"""Helpers for views of the error-handling core and its neighbours."""

from __future__ import annotations

from typing import TypeVar

from django.db import transaction
from django.utils.decorators import method_decorator
from rest_framework.views import APIView

ViewClass = TypeVar("ViewClass", bound=type[APIView])


def database_free(view_class: ViewClass) -> ViewClass:
    """Mark a view that never touches the database.

    It then runs outside the request transaction, so it answers while the database is down, and
    its OpenAPI entry does not list SYSTEM_DATABASE_UNAVAILABLE.
    """
    view_class.uses_database = False
    return method_decorator(transaction.non_atomic_requests, name="dispatch")(view_class)
