"""Periodic jobs of the support desk: prune recorded errors, write out spooled ones."""

from celery import shared_task

from monitoring import spool
from monitoring.services import error_events_prune


@shared_task(name="monitoring.prune_error_events")
def prune_error_events() -> int:
    return error_events_prune()


@shared_task(name="monitoring.flush_error_spool")
def flush_error_spool() -> int:
    """What a web process spooled while the database was down and could not write out itself
    (it ended first)."""
    return spool.flush()
