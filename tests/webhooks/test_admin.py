"""The support desk's webhook pages: replay only for staff with its right, deliveries found by
event id, endpoints shown without their secrets and with why they were disabled."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from webhooks import events, secrets
from webhooks.models import DeliveryStatus, EventType, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

DELIVERIES = "/admin/webhooks/webhookdelivery/"
ENDPOINTS = "/admin/webhooks/webhookendpoint/"
VIEW = ("webhooks.view_webhookdelivery", "webhooks.view_webhookendpoint")
REPLAY = "webhooks.replay_webhookdelivery"


@pytest.fixture
def endpoint(endpoint_for: Callable[..., Any], make_user: Callable[..., User]) -> WebhookEndpoint:
    owner = make_user(email="owner@example.com")
    made, _ = endpoint_for(owner, "http://127.0.0.1:9/hooks")
    return made


def delivered(endpoint: WebhookEndpoint, **state: Any) -> WebhookDelivery:
    """A delivery of a new event to `endpoint`, left in `state`."""
    event = events.event_to(
        [endpoint], user_id=endpoint.owner_id, event_type=EventType.PING, data={"n": 1}
    )
    WebhookDelivery.objects.filter(event=event).update(**state)
    return WebhookDelivery.objects.get(event=event)


def failed(endpoint: WebhookEndpoint) -> WebhookDelivery:
    return delivered(
        endpoint,
        status=DeliveryStatus.FAILED,
        attempts=8,
        next_attempt_at=None,
        last_status_code=500,
    )


def action_names(page: str) -> set[str]:
    return set(re.findall(r'<option value="([a-z_]+)"', page))


def test_staff_without_the_replay_right_neither_see_nor_can_post_the_replays(
    staff_with, endpoint
) -> None:
    delivery = failed(endpoint)
    viewer = staff_with(*VIEW)
    for listing, action, row in (
        (DELIVERIES, "replay", delivery),
        (ENDPOINTS, "replay_failed", endpoint),
    ):
        page = viewer.get(listing)
        assert page.status_code == 200
        assert action not in action_names(page.content.decode())
        forged = viewer.post(listing, {"action": action, "_selected_action": [row.pk]})
        assert forged.status_code == 403
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 8)


def test_replaying_a_delivery_sends_it_again_from_its_first_attempt(staff_with, endpoint) -> None:
    delivery = failed(endpoint)
    untouched = failed(endpoint)
    support = staff_with(*VIEW, REPLAY)
    assert "replay" in action_names(support.get(DELIVERIES).content.decode())
    answer = support.post(DELIVERIES, {"action": "replay", "_selected_action": [delivery.pk]})
    assert answer.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)
    assert delivery.next_attempt_at <= timezone.now()
    assert events.deliveries_due() == [delivery.pk]
    untouched.refresh_from_db()
    assert untouched.status == DeliveryStatus.FAILED


def test_replaying_an_endpoint_sends_again_only_its_failed_deliveries(staff_with, endpoint) -> None:
    first, second = failed(endpoint), failed(endpoint)
    done = delivered(endpoint, status=DeliveryStatus.SUCCEEDED, attempts=1, next_attempt_at=None)
    support = staff_with(*VIEW, REPLAY)
    answer = support.post(ENDPOINTS, {"action": "replay_failed", "_selected_action": [endpoint.pk]})
    assert answer.status_code == 302
    states = dict(WebhookDelivery.objects.values_list("pk", "status"))
    assert states == {
        first.pk: DeliveryStatus.PENDING,
        second.pk: DeliveryStatus.PENDING,
        done.pk: DeliveryStatus.SUCCEEDED,
    }
    assert set(
        WebhookDelivery.objects.filter(status="pending").values_list("attempts", flat=True)
    ) == {0}


def test_searching_deliveries_by_event_id_finds_that_delivery_alone(staff_with, endpoint) -> None:
    wanted, other = failed(endpoint), failed(endpoint)
    page = staff_with(*VIEW).get(DELIVERIES, {"q": wanted.event_id}).content.decode()
    assert wanted.event_id in page
    assert other.event_id not in page
    assert "1 result" in page


def test_an_endpoints_page_never_shows_its_secrets(staff_with, endpoint) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        previous_secret=secrets.secret_seal(secrets.secret_new())
    )
    endpoint.refresh_from_db()
    page = staff_with(*VIEW).get(f"{ENDPOINTS}{endpoint.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert endpoint.url in text
    for sealed in (endpoint.secret, endpoint.previous_secret):
        assert sealed not in text
        assert secrets.secret_open(sealed) not in text
    assert "whsec_" not in text
    assert "field-url" in text
    assert "field-previous_secret_until" in text  # the end of the overlap, not the secret
    assert re.findall(r"field-(?:previous_)?secret\b", text) == []


def test_the_endpoint_list_tells_support_an_endpoint_was_disabled(staff_with, endpoint) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        enabled=False, failing_since=timezone.now(), disabled_at=timezone.now()
    )
    page = staff_with(*VIEW).get(ENDPOINTS).content.decode()
    assert "<strong>Disabled</strong>" in page
    assert "after 5 days of failures" in page


def test_an_endpoints_deliveries_link_lists_its_deliveries_alone(
    staff_with, endpoint, endpoint_for
) -> None:
    other_endpoint, _ = endpoint_for(endpoint.owner, "http://127.0.0.1:9/other")
    own, other = failed(endpoint), failed(other_endpoint)
    viewer = staff_with(*VIEW)
    assert f"{DELIVERIES}?endpoint={endpoint.pk}" in viewer.get(ENDPOINTS).content.decode()
    page = viewer.get(DELIVERIES, {"endpoint": endpoint.pk}).content.decode()
    assert own.event_id in page
    assert other.event_id not in page
    assert other.event_id not in viewer.get(DELIVERIES, {"endpoint": "x"}).content.decode()


def test_an_events_page_shows_its_deliveries(staff_with, endpoint) -> None:
    delivery = failed(endpoint)
    viewer = staff_with("webhooks.view_webhookevent", *VIEW)
    events_list = viewer.get("/admin/webhooks/webhookevent/", {"q": delivery.event_id})
    assert delivery.event_id in events_list.content.decode()
    # Followed the way support does, by the list's link: the admin quotes a key's "_XX" (one id
    # in forty has such a pair after its "evt_"), so a hand-built address would not always do.
    (link,) = re.findall(
        r'href="(/admin/webhooks/webhookevent/[^"]+/change/[^"]*)"', events_list.content.decode()
    )
    page = viewer.get(html.unescape(link))
    assert page.status_code == 200
    statuses = re.findall(r'class="field-status">\s*<p>(\w+)</p>', page.content.decode())
    assert statuses == ["Failed"]
    assert endpoint.url in page.content.decode()
