"""Plumbing shared by the fakes: a threaded HTTP server on 127.0.0.1 that stops promptly, a
request handler base with body reading and answering, and the start/stop lifecycle."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar, Generic, Self, TypeVar

HOST = "127.0.0.1"

FakeT = TypeVar("FakeT")


class LoopbackServer(ThreadingHTTPServer, Generic[FakeT]):
    """Serves `handler` on an ephemeral port of 127.0.0.1 on behalf of `fake`."""

    daemon_threads = True
    # A worker opens hundreds of connections at once; socketserver's default backlog of 5 (or
    # 128) would drop some, and each dropped one waits a second to try again.
    request_queue_size = 1024
    # Idle keep-alive connections would make server_close() wait on their threads; stop() closes
    # those connections itself instead.
    block_on_close = False

    def __init__(self, fake: FakeT, handler: type[LoopbackHandler]) -> None:
        self.fake = fake
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__((HOST, 0), handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host name with getfqdn(), which can stall on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name = HOST
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
            # The handler may have closed it meanwhile.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out or went away mid-answer is a scenario under test, not a fault.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class LoopbackHandler(BaseHTTPRequestHandler):
    """Keep-alive HTTP/1.1, silent, and known to its server so that stop() can cut it off."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, the client's delayed ACK
    # adds 40 ms to every answer, which would swamp what the benchmarks measure.
    disable_nagle_algorithm = True
    server: LoopbackServer[Any]

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

    def read_body(self) -> bytes:
        """The request body, whether sized by Content-Length or sent chunked."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    # Trailers, if any, end with an empty line.
                    while self.rfile.readline().strip():
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def send_body(
        self,
        code: int,
        body: bytes,
        content_type: str,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """Answer with that status and body; `headers` go after Content-Type and -Length."""
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class LoopbackFake:
    """Runs a LoopbackServer with `handler_class` in a daemon thread, between start() and stop()."""

    handler_class: ClassVar[type[LoopbackHandler]]

    def __init__(self) -> None:
        self._server: LoopbackServer[Self] | None = None
        self._thread: threading.Thread | None = None

    @property
    def _label(self) -> str:
        """How repr() and the "is not running" error name this fake."""
        return type(self).__name__

    @property
    def _thread_name(self) -> str:
        return type(self).__name__

    def _where(self) -> str:
        """Where a running fake is, as repr() shows it."""
        return self.address

    def __repr__(self) -> str:
        where = self._where() if self._server else "stopped"
        return f"<{self._label} {where}>"

    @property
    def address(self) -> str:
        """host:port of the running server."""
        if self._server is None:
            raise RuntimeError(f"{self._label} is not running")
        return f"{HOST}:{self._server.server_port}"

    def start(self) -> Self:
        if self._server is not None:
            raise RuntimeError(f"{self!r} is already running")
        server = LoopbackServer(self, self.handler_class)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self._thread_name,
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

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
