"""Views outside the request transaction: marked once, where Django's handler looks."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ViewSet

from accounts.models import User
from errors.api import ErrorCatalogueEntryApi
from errors.views import (
    database_free,
    outside_request_transaction,
    runs_outside_request_transaction,
)
from web.views import PageView


def runs_in_request_transaction(view_class: type, *args: Any) -> bool:
    """Whether Django's handler would wrap the view in the request's atomic block."""
    view = view_class.as_view(*args)
    # Django's own rule (BaseHandler.make_view_atomic, which Sentry's integration wraps).
    return not {"default"} <= getattr(view, "_non_atomic_requests", set())


class PlainApi(APIView):
    pass


@outside_request_transaction
class OwnAsViewApi(APIView):
    """A marked view whose class defines as_view itself."""

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        view = super().as_view(**initkwargs)
        view.own_as_view_ran = True
        return view


class ListViewSet(ViewSet):
    def list(self, request: Any) -> Response:
        return Response([])


def test_database_free_views_run_outside_the_request_transaction() -> None:
    assert not runs_in_request_transaction(ErrorCatalogueEntryApi)
    assert not runs_in_request_transaction(PageView)
    assert runs_in_request_transaction(PlainApi)


def test_the_mark_keeps_what_as_view_adds_and_passes_to_subclasses() -> None:
    marked = database_free(type("MarkedApi", (APIView,), {}))
    view = marked.as_view()
    assert view.csrf_exempt  # DRF's as_view still ran
    assert view.cls is marked
    subclass = type("SubApi", (marked,), {})
    assert not runs_in_request_transaction(subclass)
    assert subclass.as_view().cls is subclass
    assert runs_in_request_transaction(PlainApi)  # the parent class is untouched


def test_a_class_with_its_own_as_view_keeps_it() -> None:
    assert OwnAsViewApi.as_view().own_as_view_ran
    assert not runs_in_request_transaction(OwnAsViewApi)


def test_viewsets_take_their_actions_positionally_as_routers_pass_them() -> None:
    marked = outside_request_transaction(type("MarkedSet", (ListViewSet,), {}))
    assert not runs_in_request_transaction(marked, {"get": "list"})


def test_dispatch_is_not_rewrapped_per_request() -> None:
    marked = outside_request_transaction(type("MarkedApi", (APIView,), {}))
    assert marked.dispatch is APIView.dispatch


def test_the_handler_obeys_the_resolved_function_over_the_class() -> None:
    marked = database_free(type("MarkedApi", (APIView,), {}))
    dropped = type(
        "Dropped", (marked,), {"as_view": classmethod(lambda cls: APIView.as_view.__func__(cls))}
    )
    for view_class, outside in ((marked, True), (dropped, False), (PlainApi, False)):
        request = SimpleNamespace(resolver_match=SimpleNamespace(func=view_class.as_view()))
        assert runs_outside_request_transaction(request, view_class()) is outside
    # Called without URL resolution (no resolver_match): the class's mark.
    assert runs_outside_request_transaction(SimpleNamespace(), marked())
    assert not runs_outside_request_transaction(SimpleNamespace(), PlainApi())


@pytest.mark.django_db
def test_an_error_in_a_database_free_view_leaves_the_enclosing_transaction_usable(api_client):
    """The view runs outside ATOMIC_REQUESTS; marking the enclosing block for rollback would doom
    a transaction that is not the request's (here the test's own)."""
    response = api_client.get("/api/v1/errors/NO_SUCH_CODE")
    assert response.status_code == 404
    assert User.objects.count() == 0  # raises if the test's transaction was marked for rollback
