"""Error events kept outside the database while it cannot take them, written once it can.

An event goes to a Redis list when the cache is Redis, else (or when Redis is down too) to a
bounded directory of one file per event. A thread in the process that spooled retries every
ERROR_SPOOL_RETRY_SECONDS until the spool is empty; a web process that starts writes out the
files a process that ended left on its host, and the periodic `monitoring.flush_error_spool`
task writes out the Redis list. Events carry their own id, so one written twice is stored once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, DataError, IntegrityError, connections, transaction
from django_redis import get_redis_connection
from redis.exceptions import RedisError

from monitoring.models import ErrorEvent

logger = logging.getLogger(__name__)

REDIS_KEY = "monitoring:error-event-spool"
MAX_SPOOLED = 10_000
BATCH = 500


def spool(event: dict[str, Any]) -> None:
    """Keep `event` (ErrorEvent's fields) for later. Never raises; an event that cannot be kept
    anywhere is still in the log line of its request."""
    line = json.dumps(event, default=str)
    if not _push_to_redis(line):
        _write_file(line)
    _flusher.wake()


def _redis() -> Any | None:
    try:
        return get_redis_connection("default")
    except NotImplementedError:  # the cache is not Redis
        return None


def _push_to_redis(line: str) -> bool:
    client = _redis()
    if client is None:
        return False
    try:
        pipe = client.pipeline(transaction=False)
        pipe.rpush(REDIS_KEY, line)
        pipe.ltrim(REDIS_KEY, -MAX_SPOOLED, -1)
        pipe.execute()
    except (RedisError, OSError):
        return False
    return True


def _directory() -> Path:
    return Path(settings.ERROR_SPOOL_DIR)


def _write_file(line: str) -> None:
    directory = _directory()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with os.scandir(directory) as entries:
            if sum(1 for _ in entries) >= MAX_SPOOLED:
                logger.error("error spool is full; the event is in the log only")
                return
        name = f"{time.time_ns()}-{uuid.uuid4().hex}.json"
        draft = directory / f".{name}"
        draft.write_text(line)
        draft.replace(directory / name)  # readers never see half an event
    except OSError:
        logger.error("error spool is not writable; the event is in the log only", exc_info=True)


def _events(lines: list[str | bytes]) -> list[ErrorEvent]:
    events = []
    for line in lines:
        try:
            fields = json.loads(line)
            fields["created_at"] = datetime.fromisoformat(fields["created_at"])
            events.append(ErrorEvent(**fields))
        except (ValueError, TypeError, KeyError):
            logger.error("a spooled error event is unreadable and is dropped")
    return events


def _store(lines: list[str | bytes]) -> None:
    events = _events(lines)
    # A user deleted meanwhile would fail the whole batch; the event stays, without its user.
    named = {event.user_id for event in events if event.user_id is not None}
    existing = set(get_user_model().objects.filter(pk__in=named).values_list("pk", flat=True))
    for event in events:
        if event.user_id not in existing:
            event.user_id = None
    try:
        with transaction.atomic():
            ErrorEvent.objects.bulk_create(events, ignore_conflicts=True)
    except (DataError, IntegrityError):
        # One event the database refuses must not hold back the others behind it.
        for event in events:
            try:
                with transaction.atomic():
                    ErrorEvent.objects.bulk_create([event], ignore_conflicts=True)
            except (DataError, IntegrityError):
                logger.error(
                    "a spooled error event was refused by the database and is dropped",
                    extra={"error_request_id": event.request_id},
                )


def _flush_redis() -> int:
    client = _redis()
    if client is None:
        return 0
    written = 0
    # Each batch is taken off the list atomically, so flushers never write the same events; a
    # batch the database did not take goes back to the head, in order.
    while batch := client.lpop(REDIS_KEY, BATCH):
        try:
            _store(batch)
        except BaseException:
            client.lpush(REDIS_KEY, *reversed(batch))
            raise
        written += len(batch)
    return written


def _flush_files() -> int:
    directory = _directory()
    if not directory.is_dir():
        return 0
    written = 0
    while paths := sorted(directory.glob("[0-9]*.json"))[:BATCH]:
        lines = []
        for path in paths:
            with contextlib.suppress(FileNotFoundError):  # another flusher took it
                lines.append(path.read_text())
        _store(lines)
        for path in paths:
            path.unlink(missing_ok=True)
        written += len(paths)
    return written


def flush() -> int:
    """Write every spooled event to the database; how many left the spool (one the database
    refuses outright is dropped with an ERROR line, so it cannot hold back the others).

    Each store is written out on its own (files while Redis is down too). Raises the first
    DatabaseError, RedisError or OSError met; nothing leaves the spool before the database has it.
    """
    written, failure = 0, None
    for store in (_flush_redis, _flush_files):
        try:
            written += store()
        except (DatabaseError, RedisError, OSError) as error:
            failure = failure or error
    if failure is not None:
        raise failure
    return written


def resume() -> None:
    """Write out what this host's spool directory holds, left by a process that ended."""
    directory = _directory()
    if directory.is_dir() and any(directory.glob("[0-9]*.json")):
        _flusher.wake()


def pending() -> int:
    """How many events wait in the spool."""
    client = _redis()
    in_redis = 0
    if client is not None:
        with contextlib.suppress(RedisError, OSError):
            in_redis = client.llen(REDIS_KEY)
    directory = _directory()
    in_files = len(list(directory.glob("[0-9]*.json"))) if directory.is_dir() else 0
    return in_redis + in_files


class _Flusher:
    """One thread per process, started by the first spooled event, retrying until the spool is
    empty; it never runs in a request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pending = False

    def wake(self) -> None:
        if settings.ERROR_SPOOL_RETRY_SECONDS <= 0:
            return  # left to the periodic task
        with self._lock:
            self._pending = True
            # A thread of a parent process does not come along into a forked child.
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="error-spool-flusher", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(settings.ERROR_SPOOL_RETRY_SECONDS)
            with self._lock:
                self._pending = False
            try:
                flush()
            except (DatabaseError, RedisError, OSError):
                logger.info("spooled error events wait for the database")
                self._pending = True
            except Exception:
                logger.exception("writing spooled error events failed")
                self._pending = True
            finally:
                connections.close_all()
            with self._lock:
                if not self._pending:
                    self._thread = None
                    return


_flusher = _Flusher()
