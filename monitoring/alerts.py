"""Alerts to a Slack-compatible webhook: CRITICAL log records and bursts of 5xx.

Each alert is deduplicated per key per window through an atomic cache `add` (shared by every
process with Redis), so an outage sends a handful of messages, not thousands. Posting happens on
a background thread with a short timeout: a slow or failing webhook never touches a request.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from errors.logging import redact_text

logger = logging.getLogger(__name__)

_CACHE_ERRORS = (RedisError, ConnectionInterrupted, OSError)
_POST_TIMEOUT_SECONDS = 3.0


class _Poster:
    """One daemon thread that posts queued alerts, so callers never wait on the network."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue(maxsize=1000)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, url: str, payload: dict[str, Any]) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="alert-poster", daemon=True)
                self._thread.start()
        try:
            self._queue.put_nowait((url, payload))
        except queue.Full:
            logger.warning("alert queue full; alert dropped")

    def _run(self) -> None:
        while True:
            url, payload = self._queue.get()
            try:
                request = urllib.request.Request(  # noqa: S310 - an operator-configured URL
                    url,
                    data=json.dumps(payload).encode(),
                    headers={"Content-Type": "application/json"},
                )
                with urllib.request.urlopen(request, timeout=_POST_TIMEOUT_SECONDS):  # noqa: S310
                    pass
            except (urllib.error.URLError, OSError, ValueError):
                # Logged below CRITICAL on purpose: a failed alert must not alert again.
                logger.warning("alert webhook failed", exc_info=True)
            finally:
                self._queue.task_done()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every queued alert has been attempted (for tests and shutdown)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True


poster = _Poster()


def _first_in_window(key: str, window: int) -> bool:
    try:
        return bool(cache.add(f"alerts:sent:{key}", 1, timeout=window))
    except _CACHE_ERRORS:
        return True  # better a duplicate alert than a missed one


def alert(key: str, text: str) -> bool:
    """Post `text` unless an alert with this key was sent in the current window."""
    url = settings.SLACK_WEBHOOK_URL
    if not url or not _first_in_window(key, settings.ALERT_DEDUP_SECONDS):
        return False
    poster.submit(url, {"text": redact_text(text)[:3000]})
    return True


def note_server_error(*, code: str, request_id: str) -> None:
    """Count a 5xx; past ALERT_5XX_PER_MINUTE in a minute, alert once for that code."""
    if not settings.SLACK_WEBHOOK_URL:
        return
    minute = int(time.time() // 60)
    key = f"alerts:5xx:{minute}"
    try:
        cache.add(key, 0, timeout=120)
        count = cache.incr(key)
    except (_CACHE_ERRORS, ValueError):
        return
    if count > settings.ALERT_5XX_PER_MINUTE:
        alert(
            f"5xx:{code}",
            f":rotating_light: More than {settings.ALERT_5XX_PER_MINUTE} server errors in a "
            f"minute; latest {code}, request id {request_id}. See the runbook in the README.",
        )


class SlackAlertHandler(logging.Handler):
    """Logging handler: CRITICAL records become alerts, deduplicated per logger and message."""

    def __init__(self) -> None:
        super().__init__(level=logging.CRITICAL)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            request_id = getattr(record, "request_id", None) or "-"
            alert(
                f"critical:{record.name}:{message[:100]}",
                f":fire: CRITICAL {record.name}: {message} (request id {request_id})",
            )
        except Exception:  # noqa: BLE001 - a logging handler must never raise into its caller
            self.handleError(record)
