"""A real HTTP server that receives Standard Webhooks posts, answering each as told."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

from tests.fakes.loopback import LoopbackFake, LoopbackHandler, LoopbackServer

PATH = "/hooks/agentic-deals"


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes


class _Handler(LoopbackHandler):
    server: LoopbackServer[FakeReceiver]

    def do_POST(self) -> None:
        body = self.read_body()
        status, delay = self.server.fake._record(
            Received({name.lower(): value for name, value in self.headers.items()}, body)
        )
        if delay and self.server.stopping.wait(delay):
            self.close_connection = True
            return
        if self.server.fake.endless:
            self._answer_without_end(status)
            return
        if self.server.fake.drip_seconds:
            self._drip_headers(self.server.fake.drip_seconds)
            return
        self.send_body(status, b'{"received": true}', "application/json")

    def _drip_headers(self, seconds: float) -> None:
        """A status line, then a header line every second for `seconds`: every read arrives
        well within any read timeout, and the answer never ends in time."""
        self.close_connection = True
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for line in range(int(seconds)):
                if self.server.stopping.wait(1):
                    return
                self.wfile.write(f"X-Drip-{line}: 1\r\n".encode())
            self.wfile.write(b"Content-Length: 0\r\n\r\n")
        except OSError:
            return

    def _answer_without_end(self, status: int) -> None:
        """A body that never ends, a 16 KiB chunk at a time, until the client hangs up."""
        self.send_response(status)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"4000\r\n" + b"x" * 0x4000 + b"\r\n"
        self.close_connection = True
        try:
            while not self.server.stopping.is_set():
                self.wfile.write(chunk)
                self.server.fake.sent_bytes += len(chunk)
        except OSError:
            return


class FakeReceiver(LoopbackFake):
    """Records every post; answers the statuses queued by `answer`, then 204."""

    handler_class = _Handler

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Condition()
        self._received: list[Received] = []
        self._answers: deque[int] = deque()
        self._delay = 0.0
        self.endless = False  # answer with a body that never ends
        self.drip_seconds = 0.0  # send the headers a line a second for this long
        self.sent_bytes = 0

    def _where(self) -> str:
        return self.url

    @property
    def url(self) -> str:
        return f"http://{self.address}{PATH}"

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def answer(self, *statuses: int) -> None:
        """Answer the next posts with these statuses, in order."""
        with self._lock:
            self._answers.extend(statuses)

    def hang_for(self, seconds: float) -> None:
        with self._lock:
            self._delay = seconds

    def _record(self, received: Received) -> tuple[int, float]:
        with self._lock:
            self._received.append(received)
            self._lock.notify_all()
            return (self._answers.popleft() if self._answers else 204), self._delay

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        with self._lock:
            assert self._lock.wait_for(lambda: len(self._received) >= count, timeout), (
                f"{len(self._received)} of {count} posts arrived"
            )
            return list(self._received)
