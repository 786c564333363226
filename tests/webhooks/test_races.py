"""Races with real threads on real PostgreSQL connections: a retry asked for while an attempt is
in flight, and an endpoint deleted while a change writes an event for it."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction

from tests.fakes.webhook_receiver import FakeReceiver
from webhooks import attempts, events, services
from webhooks.models import EventType, WebhookDelivery, WebhookEndpoint, WebhookEvent

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(work: Any) -> tuple[threading.Thread, list[Any]]:
    """Run `work` in a thread of its own (its own database connection); its result or error."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as error:  # handed to the test
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_retry_during_an_attempt_drops_that_attempts_late_result(
    make_user, endpoint_for, receiver: FakeReceiver
) -> None:
    endpoint, _ = endpoint_for(make_user(), receiver.url)
    delivery = services.endpoint_test(endpoint=endpoint)
    receiver.answer(500)
    receiver.hang_for(1.5)
    thread, outcome = in_thread(lambda: attempts.delivery_attempt(delivery.pk))
    receiver.wait_for(1)  # the attempt is in flight
    services.delivery_retry(delivery=WebhookDelivery.objects.get(pk=delivery.pk))
    thread.join(10)
    assert outcome == ["superseded"]  # its 500 is not written over the retry
    retried = WebhookDelivery.objects.get(pk=delivery.pk)
    assert (retried.status, retried.attempts, retried.last_status_code) == ("pending", 0, None)
    receiver.hang_for(0)
    assert attempts.delivery_attempt(delivery.pk) == "succeeded"  # what the retry's task does
    assert len(receiver.received) == 2


def test_an_endpoint_deleted_while_an_event_is_written_for_it_goes_with_its_delivery(
    make_user, endpoint_for, receiver: FakeReceiver
) -> None:
    owner = make_user()
    endpoint, _ = endpoint_for(owner, receiver.url)
    with transaction.atomic():
        events.event_record(
            user_id=owner.pk, event_type=EventType.ANALYSIS_SUCCEEDED, data=lambda: {"id": 1}
        )
        thread, outcome = in_thread(lambda: services.endpoint_delete(endpoint=endpoint))
        time.sleep(0.5)
        assert thread.is_alive()  # the delete waits for the change to commit
    thread.join(10)
    assert outcome == [None]
    assert not WebhookEndpoint.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert WebhookEvent.objects.count() == 1  # the change and its event committed
