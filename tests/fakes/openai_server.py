"""A real HTTP server that speaks OpenAI chat completions and fails on demand, per request."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from dataclasses import dataclass
from typing import Any

from tests.fakes.loopback import LoopbackFake, LoopbackHandler, LoopbackServer

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
    content: Any  # a string as providers send it; any JSON value to test a provider gone odd
    usage: tuple[int, int]
    request_id: str | None
    delay: float

    def respond(self, exchange: _Handler) -> None:
        if self.delay and exchange.server.stopping.wait(self.delay):
            exchange.close_connection = True
            return
        headers = (("x-request-id", self.request_id),) if self.request_id else ()
        exchange.reply(200, _json(self.payload(exchange)), headers)

    def payload(self, exchange: _Handler) -> dict[str, Any]:
        prompt_tokens, completion_tokens = self.usage
        return {
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


@dataclass(frozen=True)
class _Trickle(Behaviour):
    """A valid answer sent a few bytes at a time: every read arrives within any read timeout."""

    completion: _Completion
    interval: float
    chunk_size: int

    def respond(self, exchange: _Handler) -> None:
        body = _json(self.completion.payload(exchange))
        exchange.send_response(200)
        exchange.send_header("Content-Type", "application/json")
        exchange.send_header("Content-Length", str(len(body)))
        exchange.end_headers()
        try:
            for start in range(0, len(body), self.chunk_size):
                exchange.wfile.write(body[start : start + self.chunk_size])
                exchange.wfile.flush()
                if exchange.server.stopping.wait(self.interval):
                    break
        except OSError:
            pass  # the client gave up: that is the point
        exchange.close_connection = True


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


def content_of_any_type(value: Any) -> Behaviour:
    """200 whose message content is `value` itself (a number, a list, null), not a string."""
    return _Completion(content=value, usage=(12, 34), request_id=None, delay=0.0)


def trickle(interval: float = 0.2, chunk_size: int = 16) -> Behaviour:
    """A valid answer dribbled out `chunk_size` bytes every `interval` seconds."""
    completion = _Completion(
        content=json.dumps(VALID_VERDICT), usage=(12, 34), request_id=None, delay=0.0
    )
    return _Trickle(completion=completion, interval=interval, chunk_size=chunk_size)


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


class _Handler(LoopbackHandler):
    server: LoopbackServer[FakeOpenAI]
    number: int
    body: dict[str, Any]

    def reply(self, code: int, body: bytes, headers: tuple[tuple[str, str], ...] = ()) -> None:
        if "x-request-id" not in {name.lower() for name, _ in headers}:
            headers = (("x-request-id", f"req_{self.number}"), *headers)
        self.send_body(code, body, "application/json", headers)

    def do_POST(self) -> None:
        raw = self.read_body()
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
        self.read_body()
        self._not_found()

    do_GET = do_PUT = do_PATCH = do_DELETE = _other_method


class FakeOpenAI(LoopbackFake):
    """An OpenAI-compatible chat-completions endpoint on 127.0.0.1, scripted per request."""

    handler_class = _Handler

    def __init__(self, name: str = "fake") -> None:
        super().__init__()
        self.name = name
        self._lock = threading.Lock()
        self._queue: deque[Behaviour] = deque()
        self._default: Behaviour = ok()
        self._requests: list[dict[str, Any]] = []
        self._headers: list[dict[str, str]] = []

    @property
    def _label(self) -> str:
        return f"FakeOpenAI {self.name}"

    @property
    def _thread_name(self) -> str:
        return f"FakeOpenAI-{self.name}"

    def _where(self) -> str:
        return self.base_url

    @property
    def base_url(self) -> str:
        return f"http://{self.address}/v1"

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
