"""Readiness checks of each dependency: database, cache and broker, each bounded in time."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from kombu import Connection

logger = logging.getLogger(__name__)

OK = "ok"
DOWN = "unavailable"
IN_PROCESS = "in-process"


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("readiness: database unavailable", exc_info=True)
        return DOWN
    return OK


def check_cache() -> str:
    key = f"health:{uuid.uuid4()}"
    try:
        cache.set(key, "1", timeout=5)
        healthy = cache.get(key) == "1"
        cache.delete(key)
    except Exception:
        logger.warning("readiness: cache unavailable", exc_info=True)
        return DOWN
    return OK if healthy else DOWN


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return IN_PROCESS
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        ) as broker:
            broker.ensure_connection(max_retries=1)
    except Exception:
        logger.warning("readiness: broker unavailable", exc_info=True)
        return DOWN
    return OK


def readiness() -> dict[str, str]:
    return {"database": check_database(), "cache": check_cache(), "broker": check_broker()}
