"""A real HTTP server that speaks OpenAI chat completions and fails on demand, per request."""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import struct
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

CHAT_COMPLETIONS_PATH = "/v1/chat/completions"
DEFAULT_MODEL = "gpt-4o-mini"

VALID_VERDICT: dict[str, Any] = {
    "score": 82,
    "verdict": "buy",
    "summary": "A solid discount on a well-reviewed product.",
    "pros": ["42% below the usual price"],
    "cons": ["Older model"],
    "confidence": 0.8,
}


class Behaviour(ABC):
    """What the fake does with one chat-completion request."""

    @abstractmethod
    def respond(self, exchange: _Handler) -> None: ...


@dataclass(frozen=True)
class _Completion(Behaviour):
    content: str
    usage: tuple[int, int]
    request_id: str | None
    delay: float

    def respond(self, exchange: _Handler) -> None:
        if self.delay and exchange.server.stopping.wait(self.delay):
            exchange.close_connection = True
            return
        prompt_tokens, completion_tokens = self.usage
        payload = {
            "id": f"chatcmpl-{exchange.number}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": exchange.body.get("model", DEFAULT_MODEL),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": self.content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
        headers = (("x-request-id", self.request_id),) if self.request_id else ()
        exchange.reply(200, _json(payload), headers)


@dataclass(frozen=True)
class _Reply(Behaviour):
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    def respond(self, exchange: _Handler) -> None:
        exchange.reply(self.status, self.body, self.headers)


@dataclass(frozen=True)
class _Hang(Behaviour):
    seconds: float

    def respond(self, exchange: _Handler) -> None:
        exchange.server.stopping.wait(self.seconds)
        exchange.close_connection = True


@dataclass(frozen=True)
class _Reset(Behaviour):
    def respond(self, exchange: _Handler) -> None:
        exchange.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # The buffered reader holds a reference to the socket; until it is closed too, close()
        # would not release the descriptor and no RST would be sent.
        exchange.rfile.close()
        exchange.connection.close()
        exchange.close_connection = True


def _json(payload: object) -> bytes:
    return json.dumps(payload).encode()


def ok(
    content: dict[str, Any] | str | None = None,
    *,
    usage: tuple[int, int] = (12, 34),
    request_id: str | None = None,
    delay: float = 0.0,
) -> Behaviour:
    """200 with a well-formed chat.completion; content defaults to the valid verdict as JSON."""
    if content is None:
        content = VALID_VERDICT
    text = content if isinstance(content, str) else json.dumps(content)
    return _Completion(content=text, usage=usage, request_id=request_id, delay=delay)


def status(
    code: int, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> Behaviour:
    """That HTTP status with a JSON error body and the given extra headers."""
    if body is None:
        body = {
            "error": {
                "message": f"The fake provider answered HTTP {code}",
                "type": "server_error",
                "code": None,
            }
        }
    return _Reply(status=code, body=_json(body), headers=tuple((headers or {}).items()))


def rate_limited(retry_after: str | None = "1", retry_after_ms: str | None = None) -> Behaviour:
    """429 for a per-minute rate limit, with the Retry-After headers that were given."""
    headers = {}
    if retry_after is not None:
        headers["retry-after"] = retry_after
    if retry_after_ms is not None:
        headers["retry-after-ms"] = retry_after_ms
    body = {
        "error": {
            "message": "Rate limit reached",
            "type": "requests",
            "code": "rate_limit_exceeded",
        }
    }
    return status(429, body, headers)


def quota_exhausted() -> Behaviour:
    """429 for an account out of credit: retrying will not help."""
    body = {
        "error": {
            "message": "You exceeded your current quota",
            "type": "insufficient_quota",
            "code": "insufficient_quota",
        }
    }
    return status(429, body)


def hang(seconds: float = 30.0) -> Behaviour:
    """Read the request, wait up to `seconds` (less if the server stops), then close, unanswered."""
    return _Hang(seconds=seconds)


def reset_connection() -> Behaviour:
    """Read the request, then abort the connection with a TCP RST."""
    return _Reset()


def garbage_body() -> Behaviour:
    """200 labelled application/json whose body is not JSON at all."""
    return _Reply(status=200, body=b"<html>oops")


def non_json_content() -> Behaviour:
    """A well-formed completion whose message is prose instead of JSON."""
    return ok("This looks like a good deal to me, I would probably buy it.")


def wrong_schema(content: dict[str, Any] | None = None) -> Behaviour:
    """A well-formed completion whose message is JSON of the wrong shape."""
    return ok(content if content is not None else {"rating": "great", "verdict": "maybe"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, the client's delayed ACK
    # adds 40 ms to every answer, which would swamp what the benchmarks measure.
    disable_nagle_algorithm = True
    server: _Server
    number: int
    body: dict[str, Any]

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

    def reply(self, code: int, body: bytes, headers: tuple[tuple[str, str], ...] = ()) -> None:
        names = {name.lower() for name, _ in headers}
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if "x-request-id" not in names:
            self.send_header("x-request-id", f"req_{self.number}")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.partition("?")[0] != CHAT_COMPLETIONS_PATH:
            self._not_found()
            return
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        headers = {name.lower(): value for name, value in self.headers.items()}
        fake = self.server.fake
        self.number = fake._record(body if isinstance(body, dict) else {}, headers)
        if not isinstance(body, dict):
            error = {
                "error": {"message": "Body is not a JSON object", "type": "invalid_request_error"}
            }
            self.reply(400, _json(error))
            return
        self.body = body
        fake._next_behaviour().respond(self)

    def _not_found(self) -> None:
        self.number = 0
        error = {"error": {"message": f"Unknown path {self.path}", "type": "invalid_request_error"}}
        self.reply(404, _json(error))

    def _other_method(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._not_found()

    do_GET = do_PUT = do_PATCH = do_DELETE = _other_method


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Idle keep-alive connections would make server_close() wait on their threads; stop() closes
    # those connections itself instead.
    block_on_close = False

    def __init__(self, fake: FakeOpenAI) -> None:
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
            # The handler may have closed it meanwhile.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out or went away mid-answer is a scenario under test, not a fault.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class FakeOpenAI:
    """An OpenAI-compatible chat-completions endpoint on 127.0.0.1, scripted per request."""

    def __init__(self, name: str = "fake") -> None:
        self.name = name
        self._lock = threading.Lock()
        self._queue: deque[Behaviour] = deque()
        self._default: Behaviour = ok()
        self._requests: list[dict[str, Any]] = []
        self._headers: list[dict[str, str]] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        where = self.base_url if self._server else "stopped"
        return f"<FakeOpenAI {self.name} {where}>"

    def start(self) -> FakeOpenAI:
        if self._server is not None:
            raise RuntimeError(f"{self!r} is already running")
        server = _Server(self)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeOpenAI-{self.name}",
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

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError(f"FakeOpenAI {self.name} is not running")
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    def script(self, *behaviours: Behaviour) -> None:
        with self._lock:
            self._queue.extend(behaviours)

    def set_default(self, behaviour: Behaviour) -> None:
        with self._lock:
            self._default = behaviour

    @property
    def hits(self) -> int:
        with self._lock:
            return len(self._requests)

    @property
    def requests(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._requests)

    @property
    def headers(self) -> list[dict[str, str]]:
        with self._lock:
            return list(self._headers)

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self._requests.clear()
            self._headers.clear()
            self._default = ok()

    def _record(self, body: dict[str, Any], headers: dict[str, str]) -> int:
        with self._lock:
            self._requests.append(body)
            self._headers.append(headers)
            return len(self._requests)

    def _next_behaviour(self) -> Behaviour:
        with self._lock:
            return self._queue.popleft() if self._queue else self._default
