"""A real HTTP server that takes Slack-style incoming-webhook posts and fails or hangs on demand."""

from __future__ import annotations

import json
import threading
from typing import Any

from tests.fakes.loopback import LoopbackFake, LoopbackHandler, LoopbackServer

WEBHOOK_PATH = "/hooks/alerts"


class _Handler(LoopbackHandler):
    server: LoopbackServer[FakeWebhook]

    def reply(self, code: int, text: str) -> None:
        # Slack answers incoming webhooks in plain text: "ok", or an error code such as
        # "invalid_payload" or "no_service".
        self.send_body(code, text.encode(), "text/plain; charset=utf-8")

    def do_POST(self) -> None:
        raw = self.read_body()
        if self.path.partition("?")[0] != WEBHOOK_PATH:
            self.reply(404, "no_service")
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self.reply(400, "invalid_payload")
            return
        fake = self.server.fake
        failure, delay = fake._record(body)
        if delay and self.server.stopping.wait(delay):
            self.close_connection = True
            return
        if failure is None:
            self.reply(200, "ok")
        else:
            self.reply(failure, f"fake webhook failure {failure}")

    def _other_method(self) -> None:
        self.read_body()
        self.reply(405, "invalid_method")

    do_GET = do_PUT = do_PATCH = do_DELETE = _other_method


class FakeWebhook(LoopbackFake):
    """A Slack-compatible incoming webhook on 127.0.0.1 that records every JSON post."""

    handler_class = _Handler

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._posts: list[Any] = []
        self._failure: int | None = None
        self._delay = 0.0

    def _where(self) -> str:
        return self.url

    @property
    def url(self) -> str:
        return f"http://{self.address}{WEBHOOK_PATH}"

    @property
    def posts(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._posts)

    def fail_with(self, status: int | None) -> None:
        """Answer every post with that HTTP status from now on; None goes back to 200 "ok"."""
        with self._lock:
            self._failure = status

    def hang_for(self, seconds: float) -> None:
        """Wait that long (less if the server stops) before answering each post; 0 to stop."""
        with self._lock:
            self._delay = max(0.0, seconds)

    def wait_for_posts(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._posts) >= count, timeout):
                raise AssertionError(
                    f"expected at least {count} webhook posts within {timeout}s, "
                    f"got {len(self._posts)}"
                )
            return list(self._posts)

    def reset(self) -> None:
        with self._lock:
            self._posts.clear()
            self._failure = None
            self._delay = 0.0

    def _record(self, body: Any) -> tuple[int | None, float]:
        """Keep the post; say how to answer it (failure status or None, delay in seconds)."""
        with self._arrived:
            self._posts.append(body)
            self._arrived.notify_all()
            return self._failure, self._delay
