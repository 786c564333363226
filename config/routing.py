"""Route helper: every API path answers with and without a trailing slash, never by redirect."""

from collections.abc import Callable

from django.urls import URLPattern, re_path


def api_path(route: str, view: Callable, name: str) -> URLPattern:
    return re_path(rf"^{route}/?$", view, name=name)
