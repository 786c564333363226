"""Error events kept outside the database while it cannot take them, written once it can.

An event goes to a Redis list when the cache is Redis, else (or when Redis is down too) to a
bounded directory of one file per event. A thread in the process that spooled retries every
ERROR_SPOOL_RETRY_SECONDS until the spool is empty, and the periodic `monitoring.flush_error_spool`
task empties what a process that ended left behind. Events carry their own id, so one written
twice is stored once.
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
from django.db import DatabaseError, connections
from django_redis import get_redis_connection
from redis.exceptions import LockError, RedisError

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
    ErrorEvent.objects.bulk_create(events, ignore_conflicts=True)


def _flush_redis() -> int:
    client = _redis()
    if client is None:
        return 0
    lock = client.lock(f"{REDIS_KEY}:lock", timeout=120)
    if not lock.acquire(blocking=False):
        return 0  # another process is writing the list out
    written = 0
    try:
        while batch := client.lrange(REDIS_KEY, 0, BATCH - 1):
            _store(batch)
            client.ltrim(REDIS_KEY, len(batch), -1)
            written += len(batch)
    finally:
        with contextlib.suppress(LockError):
            lock.release()
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
    """Write every spooled event to the database; how many were written.

    Raises DatabaseError (or RedisError) while the database (or Redis) still cannot take them;
    nothing is removed from the spool before the database has it.
    """
    return _flush_redis() + _flush_files()


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
