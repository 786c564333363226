"""Malformed requests: unknown URLs, wrong methods and media types, bad and oversized bodies."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from tests.errors.test_envelope import assert_envelope

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/token"


def post_raw(
    client: APIClient, path: str, body: bytes | str, content_type: str = "application/json"
):
    return client.generic("POST", path, body, content_type=content_type)


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/api/v2/health", "/api/", "/api/v1/auth/me/extra"]
)
def test_unknown_urls_under_the_api_are_enveloped_404s(api_client: APIClient, path: str) -> None:
    assert_envelope(api_client.get(path), 404, "RESOURCE_NOT_FOUND")


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/api/v1/deals/%C2%84", "/api/v1/deals/0240", "/api/v1/nothing"])
def test_a_write_to_an_unknown_url_is_a_404_not_a_csrf_refusal(method: str, path: str) -> None:
    """Nothing is there to protect: the answer is that nothing is there."""
    client = Client(enforce_csrf_checks=True)
    response = client.generic(method, path, b"{}", content_type="application/json")
    assert_envelope(response, 404, "RESOURCE_NOT_FOUND")


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/health/"])
def test_every_path_works_with_and_without_a_trailing_slash(
    api_client: APIClient, path: str
) -> None:
    response = api_client.get(path)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_wrong_method_is_405_with_allow_header(api_client: APIClient) -> None:
    response = api_client.delete("/api/v1/health")
    assert_envelope(response, 405, "HTTP_405")
    assert "GET" in response["Allow"]


def test_form_body_is_415(api_client: APIClient) -> None:
    response = post_raw(
        api_client, LOGIN, "email=a&password=b", "application/x-www-form-urlencoded"
    )
    body = assert_envelope(response, 415, "HTTP_415")
    assert "application/x-www-form-urlencoded" in body["message"]
    assert body["message"].endswith("Send JSON with Content-Type: application/json.")


def test_json_only_api_refuses_other_accept_with_406(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/health", HTTP_ACCEPT="text/csv")
    assert_envelope(response, 406, "HTTP_406")


@pytest.mark.parametrize(
    "body",
    [
        b'{"email": "a@example.com", ',
        b"{'email': 'single quotes'}",
        b'{"amount": NaN}',
        b'{"amount": Infinity}',
        b"\xff\xfe not utf-8",
        b"",
    ],
)
def test_malformed_json_is_a_400_never_a_500(api_client: APIClient, body: bytes) -> None:
    response = post_raw(api_client, LOGIN, body)
    if body:
        assert_envelope(response, 400, "VALIDATION_MALFORMED_BODY")
    else:
        # No body at all is simply missing fields.
        body_json = assert_envelope(response, 400, "VALIDATION_ERROR")
        assert set(body_json["details"]) == {"email", "password"}


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("[]", "an array"),
        ('"x"', "a string"),
        ("12", "a number"),
        ("null", "null"),
        ("true", "a boolean"),
    ],
)
def test_json_bodies_that_are_not_objects_are_refused(
    api_client: APIClient, raw: str, kind: str
) -> None:
    response = post_raw(api_client, "/api/v1/auth/register", raw)
    body = assert_envelope(response, 400, "VALIDATION_MALFORMED_BODY")
    assert body["message"] == f"The request body must be a JSON object, not {kind}."
    assert User.objects.count() == 0


def test_pathologically_nested_json_is_a_400(api_client: APIClient) -> None:
    response = post_raw(api_client, LOGIN, "[" * 100_000 + "]" * 100_000)
    assert_envelope(response, 400, "VALIDATION_MALFORMED_BODY")


def test_five_mebibyte_body_is_refused_with_413_before_it_is_read(api_client: APIClient) -> None:
    payload = json.dumps({"email": "a@example.com", "password": "x" * (5 * 1024 * 1024)})
    response = post_raw(api_client, "/api/v1/auth/register", payload)
    body = assert_envelope(response, 413, "HTTP_413")
    assert body["details"]["max_bytes"] == 1024 * 1024
    assert User.objects.count() == 0


@pytest.mark.parametrize("charset", ["zlib", "rot13", "base64", "bz2", "latin-1"])
def test_a_body_in_any_charset_but_unicode_is_415(api_client: APIClient, charset: str) -> None:
    response = post_raw(api_client, LOGIN, b"x" * 64, f"application/json; charset={charset}")
    body = assert_envelope(response, 415, "HTTP_415")
    assert "UTF-8" in body["message"]


def test_utf_16_json_is_understood(api_client: APIClient) -> None:
    payload = '{"email": "a@example.com", "password": "wrong-password"}'.encode("utf-16")
    response = post_raw(api_client, LOGIN, payload, "application/json; charset=utf-16")
    assert_envelope(response, 401, "AUTH_INVALID_CREDENTIALS")
