"""Views outside the request transaction: marked once, where Django's handler looks."""

from __future__ import annotations

from rest_framework.views import APIView

from errors.api import ErrorCatalogueEntryApi
from errors.views import database_free, outside_request_transaction
from web.views import PageView


def runs_in_request_transaction(view_class: type) -> bool:
    """Whether Django's handler would wrap the view in the request's atomic block."""
    view = view_class.as_view()
    # Django's own rule (BaseHandler.make_view_atomic, which Sentry's integration wraps).
    return not {"default"} <= getattr(view, "_non_atomic_requests", set())


class PlainApi(APIView):
    pass


def test_database_free_views_run_outside_the_request_transaction() -> None:
    assert not runs_in_request_transaction(ErrorCatalogueEntryApi)
    assert not runs_in_request_transaction(PageView)
    assert runs_in_request_transaction(PlainApi)


def test_the_mark_keeps_what_the_class_own_as_view_adds_and_passes_to_subclasses() -> None:
    marked = database_free(type("MarkedApi", (APIView,), {}))
    view = marked.as_view()
    assert view.csrf_exempt  # DRF's as_view still ran
    assert marked.outside_request_transaction
    assert view.cls is marked
    subclass = type("SubApi", (marked,), {})
    assert not runs_in_request_transaction(subclass)
    assert subclass.as_view().cls is subclass
    assert runs_in_request_transaction(PlainApi)  # the parent class is untouched


def test_dispatch_is_not_rewrapped_per_request() -> None:
    marked = outside_request_transaction(type("MarkedApi", (APIView,), {}))
    assert marked.dispatch is APIView.dispatch
