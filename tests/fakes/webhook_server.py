"""A real HTTP server that takes Slack-style incoming-webhook posts and fails or hangs on demand."""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

WEBHOOK_PATH = "/hooks/alerts"


def _read_body(handler: BaseHTTPRequestHandler) -> bytes:
    if "chunked" in handler.headers.get("Transfer-Encoding", "").lower():
        chunks = []
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                # Trailers, if any, end with an empty line.
                while handler.rfile.readline().strip():
                    pass
                return b"".join(chunks)
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline()
    return handler.rfile.read(int(handler.headers.get("Content-Length") or 0))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, the client's delayed ACK
    # would add 40 ms to every answer.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def reply(self, code: int, text: str) -> None:
        # Slack answers incoming webhooks in plain text: "ok", or an error code such as
        # "invalid_payload" or "no_service".
        body = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        raw = _read_body(self)
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
        _read_body(self)
        self.reply(405, "invalid_method")

    do_GET = do_PUT = do_PATCH = do_DELETE = _other_method


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Idle keep-alive connections would make server_close() wait on their threads; stop() closes
    # those connections itself instead.
    block_on_close = False

    def __init__(self, fake: FakeWebhook) -> None:
        self.fake = fake
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host name with getfqdn(), which can stall on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name = "127.0.0.1"
        self.server_port = self.server_address[1]

    def track(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out or went away mid-answer is a scenario under test, not a fault.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class FakeWebhook:
    """A Slack-compatible incoming webhook on 127.0.0.1 that records every JSON post."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._posts: list[Any] = []
        self._failure: int | None = None
        self._delay = 0.0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        where = self.url if self._server else "stopped"
        return f"<FakeWebhook {where}>"

    def start(self) -> FakeWebhook:
        if self._server is not None:
            raise RuntimeError(f"{self!r} is already running")
        server = _Server(self)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="FakeWebhook",
            daemon=True,
        )
        thread.start()
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        server.stopping.set()
        server.shutdown()
        server.close_connections()
        server.server_close()
        thread.join(timeout=2)

    def __enter__(self) -> FakeWebhook:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeWebhook is not running")
        return f"http://127.0.0.1:{self._server.server_port}{WEBHOOK_PATH}"

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
