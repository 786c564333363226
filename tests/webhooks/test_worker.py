"""The outbox through a real Celery worker on the Redis broker: an event committed while the
worker is stopped is delivered once when it starts again, however many times it was sent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.utils import timezone

from config.celery import app as celery_app
from tests.fakes.webhook_receiver import FakeReceiver
from tests.support.tasks import TaskOutcomes, task_outcomes
from tests.webhooks.conftest import verified
from webhooks import events, services, tasks
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def running_worker() -> Iterator[None]:
    with start_worker(
        celery_app,
        pool=settings.CELERY_WORKER_POOL,
        concurrency=4,
        perform_ping_check=False,
        shutdown_timeout=15,
    ):
        yield


@pytest.fixture
def finished() -> Iterator[TaskOutcomes]:
    if celery_app.conf.task_always_eager:
        pytest.skip("needs a broker: make test provides Redis")
    celery_app.control.purge()
    with task_outcomes(tasks.deliver.name) as outcomes:
        yield outcomes


def test_an_event_committed_while_the_worker_is_stopped_is_delivered_once_after_it_starts(
    make_user, endpoint_for, receiver: FakeReceiver, finished: TaskOutcomes
) -> None:
    endpoint, secret = endpoint_for(make_user(), receiver.url)
    with running_worker():
        services.endpoint_test(endpoint=endpoint)  # committed, then sent to the worker
        assert sorted(finished.wait_for(1)) == ["succeeded"]

    second = services.endpoint_test(endpoint=endpoint)  # committed; its task waits on the broker
    assert tasks.send_due() == 0  # sent a moment ago: the sweep leaves it to its task
    # A minute on it has not run (the worker is stopped): the sweep sends it again.
    minute_ago = timezone.now() - events.REQUEUE_AFTER - timedelta(seconds=1)
    WebhookDelivery.objects.filter(pk=second.pk).update(enqueued_at=minute_ago)
    assert tasks.send_due() == 1
    with running_worker():
        assert sorted(finished.wait_for(3)) == ["not_due", "succeeded", "succeeded"]

    first_post, second_post = receiver.received
    assert verified(second_post, secret)["type"] == "ping"
    assert second_post.headers["webhook-id"] == second.event_id != first_post.headers["webhook-id"]
    assert WebhookDelivery.objects.get(pk=second.pk).attempts == 1
