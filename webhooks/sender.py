"""One HTTP POST of a webhook: 10 s at most, no redirect followed, at most 64 KiB of the answer
read, connected only where webhooks.addresses allows."""

from __future__ import annotations

import ssl
import time
from dataclasses import dataclass
from functools import cache

import httpcore

from webhooks.addresses import CheckedBackend

TIMEOUT_SECONDS = 10.0
MAX_ANSWER_BYTES = 64 * 1024
USER_AGENT = "AgenticDeals-Webhooks/1"


@dataclass(frozen=True)
class Answer:
    status_code: int | None  # None: no HTTP answer (refused, unreachable, timed out)
    error: str = ""
    body: bytes = b""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@cache
def _ssl_context() -> ssl.SSLContext:
    return ssl.create_default_context()


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Answer:
    started = time.monotonic()
    timeouts = dict.fromkeys(("connect", "read", "write", "pool"), TIMEOUT_SECONDS)
    request_headers = [
        ("content-type", "application/json"),
        ("user-agent", USER_AGENT),
        *headers.items(),
    ]
    try:
        with (
            httpcore.ConnectionPool(
                ssl_context=_ssl_context(), network_backend=CheckedBackend(), max_connections=1
            ) as pool,
            pool.stream(
                "POST",
                url,
                headers=request_headers,
                content=body,
                extensions={"timeout": timeouts},
            ) as response,
        ):
            received = bytearray()
            for chunk in response.iter_stream():
                received += chunk
                if len(received) >= MAX_ANSWER_BYTES:
                    break
                if time.monotonic() - started > TIMEOUT_SECONDS:
                    return Answer(None, f"the answer took over {TIMEOUT_SECONDS:g} s")
            return Answer(response.status, body=bytes(received[:MAX_ANSWER_BYTES]))
    except httpcore.TimeoutException:
        return Answer(None, f"no answer within {TIMEOUT_SECONDS:g} s")
    except (httpcore.ConnectError, httpcore.NetworkError, httpcore.ProtocolError) as error:
        return Answer(None, (str(error) or type(error).__name__)[:255])
    except httpcore.UnsupportedProtocol as error:
        return Answer(None, str(error)[:255])
