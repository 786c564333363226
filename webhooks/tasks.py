"""Celery tasks: one delivery attempt, and the sweep that sends every due one (the first attempt
missed after a commit, and each retry when its time comes)."""

from __future__ import annotations

from celery import shared_task

from webhooks import attempts, events


@shared_task(name="webhooks.deliver")
def deliver(delivery_id: int) -> str:
    return attempts.delivery_attempt(delivery_id)


@shared_task(name="webhooks.send_due")
def send_due() -> int:
    """Enqueue every due delivery (the beat, every 5 seconds); returns how many."""
    due = events.deliveries_due()
    events.send_now(due)
    return len(due)


@shared_task(name="webhooks.prune_events")
def prune_events() -> int:
    return events.events_prune()


def send_soon(delivery_id: int) -> None:
    deliver.delay(delivery_id)
