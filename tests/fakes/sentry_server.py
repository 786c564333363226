"""A real HTTP server that ingests what a Sentry SDK sends: envelopes and legacy store payloads."""

from __future__ import annotations

import gzip
import io
import json
import re
import threading
import zlib
from typing import Any

from tests.fakes.loopback import LoopbackFake, LoopbackHandler, LoopbackServer

PROJECT_ID = "42"
PUBLIC_KEY = "publickey"

# /api/<project_id>/envelope/ and /api/<project_id>/store/, with or without the trailing slash.
_ENDPOINT = re.compile(r"^/api/(?P<project>\d+)/(?P<kind>envelope|store)/?$")


class UnreadableBody(ValueError):
    """The request body could not be decompressed or parsed."""


def _decompress(body: bytes, encoding: str) -> bytes:
    """Undo Content-Encoding; gzip, deflate and identity are understood."""
    for coding in reversed([part.strip().lower() for part in encoding.split(",") if part.strip()]):
        try:
            if coding in ("gzip", "x-gzip"):
                body = gzip.decompress(body)
            elif coding == "deflate":
                try:
                    body = zlib.decompress(body)
                except zlib.error:
                    # Some clients send a raw deflate stream without the zlib wrapper.
                    body = zlib.decompress(body, -zlib.MAX_WBITS)
            elif coding != "identity":
                raise UnreadableBody(
                    f"Content-Encoding {coding!r} is not supported by the fake; "
                    "configure the SDK with _experiments={'transport_compression_algo': 'gzip'}"
                )
        except (OSError, EOFError, zlib.error) as error:
            raise UnreadableBody(f"body is not valid {coding}: {error}") from error
    return body


def parse_envelope(body: bytes) -> tuple[dict[str, Any], list[tuple[dict[str, Any], bytes]]]:
    """Split a Sentry envelope into its header and its (item header, payload) pairs.

    An item header with a "length" is followed by exactly that many payload bytes and an optional
    newline; without one, the payload runs to the end of the line or of the body.
    """
    stream = io.BytesIO(body)
    try:
        first = stream.readline()
        header = json.loads(first) if first.strip() else {}
        items: list[tuple[dict[str, Any], bytes]] = []
        while True:
            line = stream.readline()
            if not line:
                break
            if not line.strip():
                continue
            item_header = json.loads(line)
            if not isinstance(item_header, dict):
                raise UnreadableBody(f"item header is not an object: {line!r}")
            length = item_header.get("length")
            if length is not None:
                payload = stream.read(int(length))
                if len(payload) != int(length):
                    raise UnreadableBody(
                        f"item of type {item_header.get('type')!r} announces {length} bytes, "
                        f"only {len(payload)} follow"
                    )
                # The newline after a sized payload is optional.
                if stream.read(1) not in (b"", b"\n"):
                    stream.seek(-1, io.SEEK_CUR)
            else:
                payload = stream.readline()
                if payload.endswith(b"\n"):
                    payload = payload[:-1]
            items.append((item_header, payload))
    except UnreadableBody:
        raise
    except (ValueError, TypeError) as error:
        raise UnreadableBody(f"malformed envelope: {error}") from error
    if not isinstance(header, dict):
        raise UnreadableBody("envelope header is not an object")
    return header, items


def _json_object(payload: bytes, what: str) -> dict[str, Any]:
    try:
        parsed = json.loads(payload)
    except ValueError as error:
        raise UnreadableBody(f"{what} is not JSON: {error}") from error
    if not isinstance(parsed, dict):
        raise UnreadableBody(f"{what} is not a JSON object")
    return parsed


class _Handler(LoopbackHandler):
    server: LoopbackServer[FakeSentry]

    def reply(self, code: int, payload: object) -> None:
        self.send_body(code, json.dumps(payload).encode(), "application/json")

    def do_POST(self) -> None:
        fake = self.server.fake
        raw = self.read_body()
        match = _ENDPOINT.match(self.path.partition("?")[0])
        try:
            body = _decompress(raw, self.headers.get("Content-Encoding", ""))
        except UnreadableBody as error:
            fake._reject(f"POST {self.path}: {error}")
            self.reply(415, {"detail": str(error)})
            return
        fake._record_raw(body)
        if match is None:
            self.reply(404, {"detail": f"Unknown path {self.path}"})
            return
        try:
            if match["kind"] == "store":
                events = [_json_object(body, "store payload")]
                transactions: list[dict[str, Any]] = []
            else:
                events, transactions = [], []
                _, items = parse_envelope(body)
                for item_header, payload in items:
                    kind = item_header.get("type")
                    if kind == "event":
                        events.append(_json_object(payload, "event item"))
                    elif kind == "transaction":
                        transactions.append(_json_object(payload, "transaction item"))
        except UnreadableBody as error:
            fake._reject(f"POST {self.path}: {error}")
            self.reply(400, {"detail": str(error)})
            return
        fake._record(events, transactions)
        self.reply(200, {})

    def _other_method(self) -> None:
        self.read_body()
        self.reply(405, {"detail": f"{self.command} is not allowed"})

    do_GET = do_PUT = do_PATCH = do_DELETE = _other_method


class FakeSentry(LoopbackFake):
    """A Sentry ingestion endpoint on 127.0.0.1 that keeps every event it is sent."""

    handler_class = _Handler

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._events: list[dict[str, Any]] = []
        self._transactions: list[dict[str, Any]] = []
        self._raw_bodies: list[bytes] = []
        self._rejections: list[str] = []

    @property
    def dsn(self) -> str:
        return f"http://{PUBLIC_KEY}@{self.address}/{PROJECT_ID}"

    @property
    def events(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._events)

    @property
    def transactions(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._transactions)

    @property
    def raw_bodies(self) -> list[bytes]:
        with self._lock:
            return list(self._raw_bodies)

    @property
    def rejections(self) -> list[str]:
        """Why requests were refused (undecodable or malformed bodies); empty when all was well."""
        with self._lock:
            return list(self._rejections)

    def wait_for_events(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._events) >= count, timeout):
                detail = f"; refused: {self._rejections}" if self._rejections else ""
                raise AssertionError(
                    f"expected at least {count} Sentry events within {timeout}s, "
                    f"got {len(self._events)}{detail}"
                )
            return list(self._events)

    def reset(self) -> None:
        with self._lock:
            self._events.clear()
            self._transactions.clear()
            self._raw_bodies.clear()
            self._rejections.clear()

    def _record_raw(self, body: bytes) -> None:
        with self._lock:
            self._raw_bodies.append(body)

    def _record(self, events: list[dict[str, Any]], transactions: list[dict[str, Any]]) -> None:
        with self._arrived:
            self._events.extend(events)
            self._transactions.extend(transactions)
            self._arrived.notify_all()

    def _reject(self, reason: str) -> None:
        with self._arrived:
            self._rejections.append(reason)
            self._arrived.notify_all()
