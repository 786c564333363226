"""Periodic pruning of recorded errors past their retention."""

from celery import shared_task

from monitoring.services import error_events_prune


@shared_task(name="monitoring.prune_error_events")
def prune_error_events() -> int:
    return error_events_prune()
