"""One HTTP POST of a webhook: 10 s for the whole call, no redirect followed, at most 64 KiB of
the answer read, connected only where webhooks.addresses allows.

httpcore's timeouts bound each socket operation; a receiver that sends its headers a byte every
few seconds would pass them all. So a timer cuts the call's sockets at its deadline, whatever
they wait on (connect, TLS, the headers, the body)."""

from __future__ import annotations

import ssl
import threading
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
    final: bool = False  # not an attempt: the delivery ends without counting one

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@cache
def _ssl_context() -> ssl.SSLContext:
    return ssl.create_default_context()


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Answer:
    backend = CheckedBackend()
    deadline = threading.Timer(TIMEOUT_SECONDS, backend.cut)
    deadline.daemon = True
    deadline.start()
    try:
        status = _post(backend, url, body=body, headers=headers)
    except (httpcore.TimeoutException, httpcore.NetworkError) as error:
        late = backend.cut_off or isinstance(error, httpcore.TimeoutException)
        return Answer(None, f"no answer within {TIMEOUT_SECONDS:g} s" if late else str(error)[:255])
    except (httpcore.ProtocolError, httpcore.UnsupportedProtocol) as error:
        if backend.cut_off:
            return Answer(None, f"no answer within {TIMEOUT_SECONDS:g} s")
        return Answer(None, (str(error) or type(error).__name__)[:255])
    finally:
        deadline.cancel()
        backend.close()
    return Answer(status)


def _post(backend: CheckedBackend, url: str, *, body: bytes, headers: dict[str, str]) -> int:
    """The answer's status, once its body is read up to MAX_ANSWER_BYTES."""
    timeouts = dict.fromkeys(("connect", "read", "write", "pool"), TIMEOUT_SECONDS)
    request_headers = [
        ("content-type", "application/json"),
        ("user-agent", USER_AGENT),
        *headers.items(),
    ]
    with (
        httpcore.ConnectionPool(
            ssl_context=_ssl_context(), network_backend=backend, max_connections=1
        ) as pool,
        pool.stream(
            "POST", url, headers=request_headers, content=body, extensions={"timeout": timeouts}
        ) as response,
    ):
        received = 0
        for chunk in response.iter_stream():
            received += len(chunk)
            if received >= MAX_ANSWER_BYTES:
                break
        if backend.cut_off:
            raise httpcore.ReadTimeout("cut at the deadline")
        return response.status
