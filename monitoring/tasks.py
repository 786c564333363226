"""Periodic jobs of the support desk: write back errors kept in Redis, prune old ones."""

import logging

from celery import shared_task
from django.db import DatabaseError

from monitoring.services import error_events_prune, error_events_write_pending

logger = logging.getLogger(__name__)


@shared_task(name="monitoring.prune_error_events")
def prune_error_events() -> int:
    return error_events_prune()


@shared_task(name="monitoring.write_pending_error_events")
def write_pending_error_events() -> int:
    """Errors answered while the database was down; while it still is, the next run tries again."""
    try:
        return error_events_write_pending()
    except DatabaseError:
        logger.info("kept error events wait for the database")
        return 0
