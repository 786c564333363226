"""The check every test's answers go through: it fails on what the document does not say."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from tests.support.openapi import UndocumentedAnswer, check


def health(status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(b'{"status": "ok"}', status=status, content_type="application/json")
    response["X-Request-ID"] = "check-0000001"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def test_a_documented_answer_passes() -> None:
    check(RequestFactory().get("/api/v1/health"), health())


def test_an_undocumented_status_fails() -> None:
    with pytest.raises(UndocumentedAnswer, match="answered 418"):
        check(RequestFactory().get("/api/v1/health"), health(418))


def test_an_undocumented_header_fails() -> None:
    with pytest.raises(UndocumentedAnswer, match="ETag"):
        check(RequestFactory().get("/api/v1/health"), health(ETag='"1"'))


def test_a_body_of_another_shape_fails() -> None:
    response = HttpResponse(b'{"state": 1}', content_type="application/json")
    response["X-Request-ID"] = "check-0000001"
    with pytest.raises(UndocumentedAnswer):
        check(RequestFactory().get("/api/v1/health"), response)
