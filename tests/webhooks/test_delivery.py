"""Events delivered to a real receiver on loopback, every signature verified by the
`standardwebhooks` library; retries follow the schedule with the clock moved, never slept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from ai import runs
from ai.services import analysis_request
from deals.models import Deal
from tests.fakes.webhook_receiver import FakeReceiver
from tests.webhooks.conftest import send_due, verified
from tokens.holds import tokens_hold
from webhooks import attempts, events, services
from webhooks.models import (
    DeliveryStatus,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

pytestmark = pytest.mark.django_db


def _analysed(user: Any, title: str = "Noise-cancelling headphones") -> int:
    deal = Deal.objects.create(owner=user, title=title, price="80.00", original_price="200.00")
    analysis = analysis_request(user=user, deal_id=deal.pk)
    runs.analysis_run(analysis_id=analysis.pk)
    return analysis.pk


def test_a_finished_analysis_arrives_once_signed_as_the_api_shows_it(
    funded_user, endpoint_for, receiver: FakeReceiver, auth_client
) -> None:
    user = funded_user(50)
    _, secret = endpoint_for(user, receiver.url)
    analysis_id = _analysed(user)

    assert send_due() == ["succeeded"]
    assert send_due() == []  # nothing is due any more: it arrived once
    [post] = receiver.received
    event = verified(post, secret)
    assert post.headers["webhook-id"] == event["id"]
    assert event["type"] == "analysis.succeeded"
    assert event["data"]["id"] == analysis_id
    assert event["data"]["status"] == "succeeded"
    assert event["data"]["result"]["verdict"] in ("buy", "wait", "skip")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 1, 204)


def test_a_failed_analysis_is_told_too(
    funded_user, endpoint_for, receiver: FakeReceiver, settings: Any
) -> None:
    settings.AI_PRIMARY_BASE_URL = "http://127.0.0.1:9/v1"  # nothing listens on the discard port
    settings.AI_PRIMARY_MODEL = "gone"
    settings.AI_RULES_FALLBACK = False
    settings.AI_DEADLINE_SECONDS = 1.0
    settings.AI_ATTEMPT_TIMEOUT_SECONDS = 0.5
    settings.AI_BACKOFF_BASE_SECONDS = settings.AI_BACKOFF_MAX_SECONDS = 0.01
    user = funded_user(50)
    _, secret = endpoint_for(user, receiver.url, event_types=("analysis.failed",))
    analysis_id = _analysed(user)

    assert send_due() == ["succeeded"]
    event = verified(receiver.received[0], secret)
    assert (event["type"], event["data"]["id"]) == ("analysis.failed", analysis_id)
    assert event["data"]["error"]["code"] == "INTEGRATION_AI_UNAVAILABLE"


def test_an_endpoint_gets_only_the_types_it_asked_for(
    funded_user, endpoint_for, receiver: FakeReceiver
) -> None:
    user = funded_user(50)
    endpoint_for(user, receiver.url, event_types=("analysis.failed",))
    _analysed(user)
    assert WebhookEvent.objects.count() == 0
    assert send_due() == []


def test_a_change_rolled_back_leaves_no_event(funded_user, endpoint_for, receiver) -> None:
    user = funded_user(50)
    endpoint_for(user, receiver.url)

    def change_that_fails() -> None:
        with transaction.atomic():
            events.event_record(
                user_id=user.pk, event_type=EventType.ANALYSIS_SUCCEEDED, data=lambda: {"id": 1}
            )
            raise RuntimeError("the change fails after its event was written")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert WebhookEvent.objects.count() == WebhookDelivery.objects.count() == 0


def test_a_receiver_failing_three_times_gets_it_on_the_fourth_attempt(
    funded_user, endpoint_for, receiver: FakeReceiver
) -> None:
    user = funded_user(50)
    _, secret = endpoint_for(user, receiver.url)
    receiver.answer(500, 500, 500)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _analysed(user)
        assert send_due() == ["retrying"]
        for wait in (attempts.SCHEDULE[1], attempts.SCHEDULE[2]):
            clock.shift(timedelta(seconds=wait * 0.85))
            assert send_due() == []  # not due yet, even with the jitter
            clock.shift(timedelta(seconds=wait * 0.3))
            assert send_due() == ["retrying"]
        clock.shift(timedelta(seconds=attempts.SCHEDULE[3] * 1.15))
        assert send_due() == ["succeeded"]
        posts = receiver.received
        assert len(posts) == 4
        assert len({post.headers["webhook-id"] for post in posts}) == 1
        verified(posts[-1], secret)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("succeeded", 4, None)


def test_a_receiver_that_never_answers_fails_each_delivery_then_is_disabled_after_5_days(
    funded_user, endpoint_for, receiver: FakeReceiver
) -> None:
    user = funded_user(50)
    endpoint, _ = endpoint_for(user, receiver.url)
    receiver.stop()  # connection refused, every time
    outcomes: list[str] = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        started = timezone.now()
        for hour in range(6 * 24):  # an analysis a day, the sweep's sends every hour
            if hour % 24 == 0:
                _analysed(user, title=f"The deal of day {hour // 24}")
            outcomes += send_due()
            endpoint.refresh_from_db()
            if not endpoint.enabled:
                break
            clock.shift(timedelta(hours=1))
        # The first delivery's 8 attempts all failed, about 28 hours in.
        first = WebhookDelivery.objects.order_by("pk").first()
        assert (first.status, first.attempts, first.next_attempt_at) == ("failed", 8, None)
        assert endpoint.disabled_at - started >= attempts.DISABLE_AFTER
        assert endpoint.disabled_at - started < attempts.DISABLE_AFTER + timedelta(hours=12)
        assert "succeeded" not in outcomes
        # No new event goes to it; what it still had due ends failed, without an attempt.
        _analysed(user, title="A deal after the endpoint was disabled")
        events_before = WebhookEvent.objects.count()
        clock.shift(timedelta(hours=11))
        assert set(send_due()) == {"failed"}
        assert WebhookEvent.objects.count() == events_before
        assert not WebhookDelivery.objects.filter(status="pending").exists()


def test_one_failure_after_days_without_an_attempt_starts_a_new_run_of_failures(
    funded_user, endpoint_for, receiver: FakeReceiver
) -> None:
    user = funded_user(50)
    endpoint, _ = endpoint_for(user, receiver.url)
    receiver.answer(*[503] * len(attempts.SCHEDULE), 503)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _analysed(user)
        for wait in (*attempts.SCHEDULE[1:], 0):
            send_due()
            clock.shift(timedelta(seconds=wait * 1.15))
        clock.shift(attempts.DISABLE_AFTER)  # quiet: nothing to send for days
        _analysed(user, title="A deal analysed days later")
        assert send_due() == ["retrying"]  # one blip
        endpoint.refresh_from_db()
        assert endpoint.enabled
        assert endpoint.failing_since == timezone.now()
        clock.shift(timedelta(seconds=attempts.SCHEDULE[1] * 1.15))
        assert send_due() == ["succeeded"]
        endpoint.refresh_from_db()
        assert (endpoint.enabled, endpoint.failing_since) == (True, None)


def test_a_redirect_is_not_followed(funded_user, endpoint_for, receiver: FakeReceiver) -> None:
    user = funded_user(50)
    endpoint_for(user, receiver.url)
    receiver.answer(307)
    _analysed(user)
    assert send_due() == ["retrying"]
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().last_status_code == 307


def test_a_retry_sends_the_same_webhook_id_signed_anew(
    funded_user, endpoint_for, receiver: FakeReceiver
) -> None:
    user = funded_user(50)
    endpoint, secret = endpoint_for(user, receiver.url)
    _analysed(user)
    send_due()
    delivery = WebhookDelivery.objects.get()
    services.delivery_retry(delivery=delivery)
    assert services.deliveries_replay_failed(endpoint=endpoint) == 0  # none failed
    assert send_due() == ["succeeded"]
    first, again = receiver.received
    assert first.headers["webhook-id"] == again.headers["webhook-id"]
    assert verified(first, secret) == verified(again, secret)


def test_during_a_rotation_both_secrets_verify_then_only_the_new_one(
    make_user, endpoint_for, receiver: FakeReceiver
) -> None:
    from standardwebhooks.webhooks import WebhookVerificationError

    endpoint, old = endpoint_for(make_user(), receiver.url)
    endpoint, new = services.secret_rotate(endpoint=endpoint)
    assert new != old
    services.endpoint_test(endpoint=endpoint)
    assert send_due() == ["succeeded"]
    ping = receiver.received[0]
    assert verified(ping, old)["type"] == verified(ping, new)["type"] == "ping"
    assert len(ping.headers["webhook-signature"].split(" ")) == 2

    with time_machine.travel(timezone.now() + services.ROTATION_OVERLAP + timedelta(minutes=1)):
        services.endpoint_test(endpoint=endpoint)
        assert send_due() == ["succeeded"]
        later = receiver.received[1]
        verified(later, new)
        with pytest.raises(WebhookVerificationError):
            verified(later, old)


def test_the_secret_is_stored_encrypted(make_user, endpoint_for, receiver) -> None:
    endpoint, secret = endpoint_for(make_user(), receiver.url)
    assert secret.startswith("whsec_")
    endpoint.refresh_from_db()
    assert secret not in endpoint.secret
    assert secret.removeprefix("whsec_") not in endpoint.secret


def test_the_balance_crossing_the_threshold_is_told_once(
    funded_user, endpoint_for, receiver: FakeReceiver, settings: Any
) -> None:
    settings.WEBHOOKS_BALANCE_LOW_THRESHOLD = 10
    user = funded_user(14)
    _, secret = endpoint_for(user, receiver.url, event_types=("tokens.balance_low",))
    tokens_hold(user=user, amount=3)  # 11 available: above
    tokens_hold(user=user, amount=3)  # 8: below, told
    tokens_hold(user=user, amount=3)  # 5: still below, not told again
    assert send_due() == ["succeeded"]
    event = verified(receiver.received[0], secret)
    assert event["type"] == "tokens.balance_low"
    assert event["data"] == {
        "balance": 14,
        "held": 6,
        "available": 8,
        "lifetime_earned": 14,
        "lifetime_spent": 0,
    }


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "[::1]", "localhost"])
def test_private_addresses_are_refused_where_the_connection_is_made(
    make_user, endpoint_for, receiver: FakeReceiver, settings: Any, host: str
) -> None:
    port = receiver.address.rsplit(":", 1)[1]
    endpoint, _ = endpoint_for(make_user(), f"http://{host}:{port}/hooks")
    settings.WEBHOOKS_ALLOW_PRIVATE = False  # saved while allowed (or by name): sent now
    services.endpoint_test(endpoint=endpoint)
    assert send_due() == ["retrying"]
    delivery = WebhookDelivery.objects.get()
    assert delivery.last_status_code is None
    assert "not a public address" in delivery.last_error
    assert receiver.received == []
    assert delivery.status == DeliveryStatus.PENDING


def test_the_owner_sees_a_disabled_endpoint_on_every_api_answer_until_acting(
    funded_user, endpoint_for, receiver: FakeReceiver, make_user, django_capture_on_commit_callbacks
) -> None:
    from tests.support.clients import client_for

    user = funded_user(50)
    endpoint, _ = endpoint_for(user, receiver.url)
    other = make_user(email="other@example.com")
    receiver.stop()
    # Failing for 5 days already, the last failure an hour ago (the whole run: the test above).
    now = timezone.now()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        failing_since=now - attempts.DISABLE_AFTER, last_failure_at=now - timedelta(hours=1)
    )
    _analysed(user)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due() == ["retrying"]
    answer = client_for(user).get("/api/v1/tokens/balance")
    assert answer["Webhooks-Disabled"] == str(endpoint.pk)
    assert "Webhooks-Disabled" not in client_for(other).get("/api/v1/tokens/balance")
    services.endpoint_update(endpoint=endpoint, fields={"enabled": True})
    assert "Webhooks-Disabled" not in client_for(user).get("/api/v1/tokens/balance")


@pytest.mark.parametrize(
    "url",
    [
        "https://[F7aE]/hooks",
        "ftp://example.com/hooks",
        "https://user:secret@example.com/",
        "https:///hooks",
        "https://[::ffff:127.0.0.1]/",
        "https://example.com/café",
    ],
)
def test_a_url_that_cannot_be_an_endpoint_is_a_validation_error(make_user, url: str) -> None:
    from errors.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.endpoint_create(owner=make_user(), url=url)
    assert "url" in refused.value.details


def test_a_replay_from_the_admin_and_a_retry_from_the_api_arrive_with_the_same_webhook_id(
    funded_user, endpoint_for, receiver: FakeReceiver, staff_with
) -> None:
    from tests.support.clients import client_for

    user = funded_user(50)
    endpoint, secret = endpoint_for(user, receiver.url)
    receiver.answer(*[500] * len(attempts.SCHEDULE))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _analysed(user)
        for wait in (*attempts.SCHEDULE[1:], 0):
            send_due()
            clock.shift(timedelta(seconds=wait * 1.15))
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED

    admin = staff_with("webhooks.view_webhookdelivery", "webhooks.replay_webhookdelivery")
    replayed = admin.post(
        "/admin/webhooks/webhookdelivery/",
        {"action": "replay", "_selected_action": [delivery.pk]},
    )
    assert replayed.status_code == 302
    assert send_due() == ["succeeded"]
    retried = client_for(user).post(
        f"/api/v1/webhooks/endpoints/{endpoint.pk}/deliveries/{delivery.pk}/retry"
    )
    assert retried.status_code == 202
    assert send_due() == ["succeeded"]

    posts = receiver.received
    assert len(posts) == len(attempts.SCHEDULE) + 2
    assert {post.headers["webhook-id"] for post in posts} == {delivery.event_id}
    assert verified(posts[-2], secret) == verified(posts[-1], secret)


def test_an_answer_is_read_up_to_64_kib_whatever_its_length(
    funded_user, endpoint_for, receiver: FakeReceiver
) -> None:
    user = funded_user(50)
    endpoint_for(user, receiver.url)
    receiver.endless = True
    _analysed(user)
    assert send_due() == ["succeeded"]  # a 2xx, though its body never ends
    # What the sender read, plus what the kernel's buffers took before it hung up.
    assert receiver.sent_bytes < 16 * 1024 * 1024


def test_events_whose_deliveries_ended_are_pruned_after_30_days(
    make_user, endpoint_for, receiver: FakeReceiver
) -> None:
    endpoint, _ = endpoint_for(make_user(), receiver.url)
    delivered = services.endpoint_test(endpoint=endpoint)
    send_due()
    receiver.answer(500)
    pending = services.endpoint_test(endpoint=endpoint)
    send_due()
    later = timezone.now() + events.RETENTION + timedelta(minutes=1)
    assert events.events_prune(now=timezone.now()) == 0  # too young
    assert events.events_prune(now=later) == 2  # the event and its delivery
    assert list(WebhookDelivery.objects.values_list("pk", flat=True)) == [pending.pk]
    assert not WebhookEvent.objects.filter(pk=delivered.event_id).exists()


def test_an_answer_that_trickles_in_is_given_up_on_after_ten_seconds(
    funded_user, endpoint_for, receiver: FakeReceiver
) -> None:
    user = funded_user(50)
    endpoint_for(user, receiver.url)
    receiver.drip_seconds = 30  # each line within any read timeout, the whole far beyond 10 s
    _analysed(user)
    assert send_due() == ["retrying"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.last_status_code, delivery.last_error) == (None, "no answer within 10 s")


def test_an_unexpected_fault_is_a_failed_attempt_counted_and_retried(
    make_user, endpoint_for, receiver: FakeReceiver
) -> None:
    endpoint, _ = endpoint_for(make_user(), receiver.url)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(secret="sealed by a key long gone")
    services.endpoint_test(endpoint=endpoint)
    assert send_due() == ["retrying"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.last_error.startswith("InvalidToken")
    assert receiver.received == []


def test_a_ping_reaches_a_disabled_endpoint(make_user, endpoint_for, receiver) -> None:
    endpoint, secret = endpoint_for(make_user(), receiver.url)
    services.endpoint_update(endpoint=endpoint, fields={"enabled": False})
    services.endpoint_test(endpoint=endpoint)
    assert send_due() == ["succeeded"]
    assert verified(receiver.received[0], secret)["type"] == "ping"


def test_a_change_made_from_a_stale_copy_keeps_a_rotation_made_since(
    make_user, endpoint_for, receiver: FakeReceiver
) -> None:
    stale, _ = endpoint_for(make_user(), receiver.url)
    _, rotated = services.secret_rotate(endpoint=WebhookEndpoint.objects.get(pk=stale.pk))
    services.endpoint_update(endpoint=stale, fields={"description": "Orders"})
    services.endpoint_test(endpoint=stale)
    assert send_due() == ["succeeded"]
    verified(receiver.received[0], rotated)
    assert WebhookEndpoint.objects.get(pk=stale.pk).description == "Orders"


def test_a_user_has_at_most_20_endpoints(make_user, endpoint_for) -> None:
    from errors.exceptions import ValidationError

    owner = make_user()
    for number in range(services.MAX_ENDPOINTS):
        endpoint_for(owner, f"https://hooks.example.com/{number}")
    with pytest.raises(ValidationError) as refused:
        endpoint_for(owner, "https://hooks.example.com/one-more")
    assert "endpoints" in refused.value.details


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "::ffff:127.0.0.1",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b:1::a00:1",
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "::127.0.0.1",
        "fec0::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "fe80::1%lo",
    ],
)
def test_no_form_of_a_private_address_counts_as_public(address: str) -> None:
    from webhooks.addresses import is_public

    assert not is_public(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808"])
def test_public_addresses_are_public(address: str) -> None:
    from webhooks.addresses import is_public

    assert is_public(address)
