"""Periodic jobs of the support desk: prune recorded errors, write out spooled ones."""

import logging

from celery import shared_task
from django.db import DatabaseError
from redis.exceptions import RedisError

from monitoring import spool
from monitoring.services import error_events_prune

logger = logging.getLogger(__name__)


@shared_task(name="monitoring.prune_error_events")
def prune_error_events() -> int:
    return error_events_prune()


@shared_task(name="monitoring.flush_error_spool")
def flush_error_spool() -> int:
    """What a web process spooled while the database was down and could not write out itself
    (it ended first). While the database is still down, the next run tries again."""
    try:
        return spool.flush()
    except (DatabaseError, RedisError, OSError):
        logger.info("spooled error events wait for the database")
        return 0
