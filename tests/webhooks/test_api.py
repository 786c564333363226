"""The webhooks API: endpoints, their secrets, test pings and deliveries, owner only."""

from __future__ import annotations

import base64

import pytest

from tests.errors.test_envelope import assert_envelope
from tests.fakes.webhook_receiver import FakeReceiver
from tests.support.clients import client_for
from tests.support.server import free_port
from tests.webhooks.conftest import send_due, verified
from webhooks.models import SUBSCRIBABLE, WebhookEndpoint

ENDPOINTS = "/api/v1/webhooks/endpoints"
HOOK = "https://hooks.example.com/agentic-deals"
ENDPOINT_KEYS = {"id", "url", "description", "event_types", "enabled", "created_at"}
DELIVERY_KEYS = {
    "id",
    "event_id",
    "event_type",
    "status",
    "attempts",
    "last_status_code",
    "last_error",
    "next_attempt_at",
    "request_id",
    "created_at",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(make_user):
    return make_user(email="ada@example.com")


@pytest.fixture
def bob(make_user):
    return make_user(email="bob@example.com", name="Bob")


def create(user, **body):
    return client_for(user).post(ENDPOINTS, {"url": HOOK, **body}, format="json")


def created(user, **body) -> dict:
    response = create(user, **body)
    assert response.status_code == 201, response.content
    return response.json()


def ping(user, endpoint_id: int):
    return client_for(user).post(f"{ENDPOINTS}/{endpoint_id}/test")


def assert_secret(secret: str) -> None:
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32


def test_creating_answers_201_with_the_endpoint_and_its_secret(ada) -> None:
    response = create(ada, description="Orders", event_types=["analysis.failed"])
    assert response.status_code == 201
    body = response.json()
    assert set(body) == ENDPOINT_KEYS | {"secret"}
    assert (body["url"], body["description"], body["event_types"], body["enabled"]) == (
        HOOK,
        "Orders",
        ["analysis.failed"],
        True,
    )
    assert_secret(body["secret"])
    assert response["Location"] == f"{ENDPOINTS}/{body['id']}"
    assert "no-store" in response["Cache-Control"]


def test_the_secret_is_never_answered_again(ada) -> None:
    endpoint = created(ada)
    client = client_for(ada)
    detail = client.get(f"{ENDPOINTS}/{endpoint['id']}").json()
    listed = client.get(ENDPOINTS).json()["results"]
    changed = client.patch(f"{ENDPOINTS}/{endpoint['id']}", {"description": "x"}, format="json")
    assert set(detail) == ENDPOINT_KEYS
    assert [set(item) for item in listed] == [ENDPOINT_KEYS]
    assert set(changed.json()) == ENDPOINT_KEYS
    for answer in (detail, listed, changed.json()):
        assert endpoint["secret"] not in str(answer)


def test_an_endpoint_without_choices_receives_every_event_type(ada) -> None:
    body = created(ada)
    assert (body["description"], body["event_types"], body["enabled"]) == ("", [], True)


def test_event_types_are_kept_once_each_in_order(ada) -> None:
    body = created(ada, event_types=["tokens.balance_low", "analysis.failed", "analysis.failed"])
    assert body["event_types"] == ["analysis.failed", "tokens.balance_low"]
    assert created(ada, url=HOOK + "/all", event_types=list(SUBSCRIBABLE))["event_types"] == sorted(
        SUBSCRIBABLE
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/agentic-deals",
        "https://127.0.0.1/",
        "https://10.0.0.1/",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/",
        "https://[::ffff:127.0.0.1]/",
    ],
)
def test_plain_http_and_private_addresses_are_refused_by_default(ada, settings, url) -> None:
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    body = assert_envelope(create(ada, url=url), 400, "VALIDATION_ERROR")
    assert list(body["details"]) == ["url"]
    assert not WebhookEndpoint.objects.exists()


def test_loopback_over_http_is_taken_when_the_settings_allow_it(ada, loopback_allowed) -> None:
    url = f"http://127.0.0.1:{free_port()}/hook"
    assert created(ada, url=url)["url"] == url


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "hooks.example.com/path"}, "url"),
        ({"url": "ftp://hooks.example.com/"}, "url"),
        ({"url": "https://user:password@hooks.example.com/"}, "url"),
        ({"url": "https://hooks.example.com/a b"}, "url"),
        ({"url": "https://hooks.example.com/" + "x" * 2000}, "url"),
        ({"url": 12345}, "url"),
        ({"description": "x" * 256}, "description"),
        ({"description": 7}, "description"),
        ({"event_types": ["deal.created"]}, "event_types"),
        ({"event_types": ["ping"]}, "event_types"),
        ({"event_types": "analysis.failed"}, "event_types"),
        ({"secret": "whsec_mine"}, "secret"),
        ({"unheard_of": 1}, "unheard_of"),
    ],
)
def test_every_invalid_field_is_a_400_naming_it(ada, body, field) -> None:
    answer = assert_envelope(create(ada, **body), 400, "VALIDATION_ERROR")
    assert {key.split(".")[0] for key in answer["details"]} == {field}, answer
    assert not WebhookEndpoint.objects.exists()


def test_an_unknown_event_type_is_a_400_naming_its_place_in_the_list(ada) -> None:
    response = create(ada, event_types=["analysis.failed", "deal.created"])
    details = assert_envelope(response, 400, "VALIDATION_ERROR")["details"]
    assert details == {"event_types.1": [f"Must be one of {', '.join(SUBSCRIBABLE)}."]}


def test_a_url_is_required(ada) -> None:
    response = client_for(ada).post(ENDPOINTS, {}, format="json")
    assert "url" in assert_envelope(response, 400, "VALIDATION_ERROR")["details"]


def test_the_list_holds_your_endpoints_alone_newest_first(ada, bob) -> None:
    first, second = created(ada), created(ada, url=HOOK + "/2")
    created(bob)
    listed = client_for(ada).get(ENDPOINTS).json()
    assert [item["id"] for item in listed["results"]] == [second["id"], first["id"]]
    assert (listed["next"], listed["previous"]) == (None, None)


def test_a_change_applies_the_fields_sent_enabled_included(ada) -> None:
    endpoint = created(ada, description="Before", event_types=["analysis.failed"])
    response = client_for(ada).patch(
        f"{ENDPOINTS}/{endpoint['id']}",
        {"enabled": False, "event_types": ["tokens.balance_low"], "url": HOOK + "/v2"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["enabled"], body["event_types"], body["url"], body["description"]) == (
        False,
        ["tokens.balance_low"],
        HOOK + "/v2",
        "Before",
    )
    assert client_for(ada).get(f"{ENDPOINTS}/{endpoint['id']}").json() == body


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"enabled": "true"}, "enabled"),
        ({"enabled": 1}, "enabled"),
        ({"enabled": None}, "enabled"),
        ({"url": "https://10.0.0.1/"}, "url"),
        ({"event_types": ["analysis.started"]}, "event_types"),
        ({"secret": "whsec_mine"}, "secret"),
    ],
)
def test_an_invalid_change_is_a_400_and_changes_nothing(ada, body, field) -> None:
    endpoint = created(ada)
    url = f"{ENDPOINTS}/{endpoint['id']}"
    response = client_for(ada).patch(url, body, format="json")
    details = assert_envelope(response, 400, "VALIDATION_ERROR")["details"]
    assert {key.split(".")[0] for key in details} == {field}
    after = client_for(ada).get(url).json()
    assert after == {key: endpoint[key] for key in ENDPOINT_KEYS}


def test_deleting_answers_204_and_the_endpoint_is_gone(ada) -> None:
    endpoint = created(ada)
    url = f"{ENDPOINTS}/{endpoint['id']}"
    response = client_for(ada).delete(url)
    assert response.status_code == 204
    assert_envelope(client_for(ada).get(url), 404, "RESOURCE_NOT_FOUND")


def test_rotating_answers_the_endpoint_with_a_new_secret_once(ada) -> None:
    endpoint = created(ada)
    client = client_for(ada)
    response = client.post(f"{ENDPOINTS}/{endpoint['id']}/rotate-secret")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ENDPOINT_KEYS | {"secret"}
    assert_secret(body["secret"])
    assert body["secret"] != endpoint["secret"]
    assert "no-store" in response["Cache-Control"]
    again = client.post(f"{ENDPOINTS}/{endpoint['id']}/rotate-secret").json()["secret"]
    assert again not in (endpoint["secret"], body["secret"])
    assert "secret" not in client.get(f"{ENDPOINTS}/{endpoint['id']}").json()


def test_a_test_answers_202_with_a_pending_ping(ada) -> None:
    endpoint = created(ada, event_types=["analysis.failed"])
    response = ping(ada, endpoint["id"])
    assert response.status_code == 202
    body = response.json()
    assert set(body) == DELIVERY_KEYS
    assert (body["event_type"], body["status"], body["attempts"]) == ("ping", "pending", 0)
    assert body["event_id"].startswith("evt_")
    assert body["request_id"] == response["X-Request-ID"]
    listed = client_for(ada).get(f"{ENDPOINTS}/{endpoint['id']}/deliveries").json()
    assert listed["results"] == [body]


def test_a_ping_to_an_unreachable_address_records_a_failed_attempt(ada, loopback_allowed) -> None:
    endpoint = created(ada, url=f"http://127.0.0.1:{free_port()}/hook")
    response = ping(ada, endpoint["id"])
    assert response.status_code == 202
    assert send_due() == ["retrying"]
    [delivery] = client_for(ada).get(f"{ENDPOINTS}/{endpoint['id']}/deliveries").json()["results"]
    assert delivery["id"] == response.json()["id"]
    assert (delivery["status"], delivery["attempts"], delivery["last_status_code"]) == (
        "pending",  # to be tried again
        1,
        None,
    )
    assert delivery["next_attempt_at"] is not None
    assert delivery["last_error"]


def test_the_ping_is_signed_with_the_secret_answered_at_creation_then_at_rotation(
    ada, loopback_allowed, receiver: FakeReceiver
) -> None:
    endpoint = created(ada, url=receiver.url)
    delivery = ping(ada, endpoint["id"]).json()
    assert send_due() == ["succeeded"]
    assert verified(receiver.received[0], endpoint["secret"])["id"] == delivery["event_id"]
    rotated = client_for(ada).post(f"{ENDPOINTS}/{endpoint['id']}/rotate-secret").json()
    ping(ada, endpoint["id"])
    assert send_due() == ["succeeded"]
    assert verified(receiver.received[1], rotated["secret"])["type"] == "ping"
    [listed, _] = client_for(ada).get(f"{ENDPOINTS}/{endpoint['id']}/deliveries").json()["results"]
    assert (listed["status"], listed["attempts"], listed["last_status_code"]) == (
        "succeeded",
        1,
        204,
    )


def test_deliveries_are_paged_by_cursor_newest_first(ada, settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "webhook_send": "100/minute"}
    endpoint = created(ada)
    ids = [ping(ada, endpoint["id"]).json()["id"] for _ in range(21)]
    client = client_for(ada)
    first = client.get(f"{ENDPOINTS}/{endpoint['id']}/deliveries").json()
    assert [item["id"] for item in first["results"]] == ids[::-1][:20]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [item["id"] for item in second["results"]] == [ids[0]]
    assert second["next"] is None
    assert second["previous"] is not None


def test_a_retry_answers_202_and_sends_the_same_event_again(ada, loopback_allowed) -> None:
    endpoint = created(ada, url=f"http://127.0.0.1:{free_port()}/hook")
    delivery = ping(ada, endpoint["id"]).json()
    assert send_due() == ["retrying"]
    url = f"{ENDPOINTS}/{endpoint['id']}/deliveries/{delivery['id']}/retry"
    response = client_for(ada).post(url)
    assert response.status_code == 202
    body = response.json()
    assert (body["id"], body["event_id"]) == (delivery["id"], delivery["event_id"])
    assert (body["status"], body["attempts"]) == ("pending", 0)  # its attempts start over
    assert send_due() == ["retrying"]  # due at once, not in 5 seconds


def test_a_delivery_of_another_endpoint_is_not_found_under_this_one(ada) -> None:
    mine, other = created(ada), created(ada, url=HOOK + "/2")
    delivery = ping(ada, other["id"]).json()
    response = client_for(ada).post(f"{ENDPOINTS}/{mine['id']}/deliveries/{delivery['id']}/retry")
    assert_envelope(response, 404, "RESOURCE_NOT_FOUND")


OWNED = [
    ("get", ""),
    ("patch", ""),
    ("delete", ""),
    ("post", "/rotate-secret"),
    ("post", "/test"),
    ("get", "/deliveries"),
]


@pytest.mark.parametrize(("method", "suffix"), OWNED)
def test_another_users_endpoint_is_403_and_left_alone(ada, bob, method, suffix) -> None:
    endpoint = created(ada)
    response = getattr(client_for(bob), method)(
        f"{ENDPOINTS}/{endpoint['id']}{suffix}", {"description": "mine"}, format="json"
    )
    assert_envelope(response, 403, "FORBIDDEN_NOT_OWNER")
    after = client_for(ada).get(f"{ENDPOINTS}/{endpoint['id']}").json()
    assert after == {key: endpoint[key] for key in ENDPOINT_KEYS}
    assert client_for(ada).get(f"{ENDPOINTS}/{endpoint['id']}/deliveries").json()["results"] == []


@pytest.mark.parametrize(("method", "suffix"), OWNED)
def test_a_missing_endpoint_is_404(ada, method, suffix) -> None:
    response = getattr(client_for(ada), method)(f"{ENDPOINTS}/999999{suffix}", {}, format="json")
    assert_envelope(response, 404, "RESOURCE_NOT_FOUND")


def test_another_users_delivery_cannot_be_retried(ada, bob) -> None:
    endpoint = created(ada)
    delivery = ping(ada, endpoint["id"]).json()
    url = f"{ENDPOINTS}/{endpoint['id']}/deliveries/{delivery['id']}/retry"
    assert_envelope(client_for(bob).post(url), 403, "FORBIDDEN_NOT_OWNER")


def test_every_operation_needs_a_signed_in_user(api_client) -> None:
    response = api_client.get(ENDPOINTS)
    assert_envelope(response, 401, "AUTH_NOT_AUTHENTICATED")


def test_tests_and_retries_have_their_own_per_user_limit(ada, bob, settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "webhook_send": "2/minute"}
    endpoint = created(ada)
    statuses = [ping(ada, endpoint["id"]).status_code for _ in range(3)]
    assert statuses == [202, 202, 429]
    delivery = client_for(ada).get(f"{ENDPOINTS}/{endpoint['id']}/deliveries").json()["results"][0]
    retry = f"{ENDPOINTS}/{endpoint['id']}/deliveries/{delivery['id']}/retry"
    refused = client_for(ada).post(retry)
    assert (refused.status_code, refused.json()["code"]) == (429, "RATE_LIMIT_EXCEEDED")
    assert ping(bob, created(bob)["id"]).status_code == 202  # another user's count
