"""The gunicorn worker (named in gunicorn.conf.py) that answers the requests gunicorn itself refuses
(a request line or headers too large, a malformed request) in the envelope with X-Request-ID,
instead of gunicorn's HTML page: they never reach Django, but they reach clients all the same."""

from __future__ import annotations

import json
import logging
import uuid
from http import HTTPStatus
from typing import Any

from gunicorn.workers.gthread import ThreadWorker
from gunicorn.workers.sync import SyncWorker

logger = logging.getLogger("errors")


class _CapturedSocket:
    """The client socket, except that what gunicorn would send is kept instead of sent."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.sent = b""

    def sendall(self, data: bytes) -> None:
        self.sent += data

    def send(self, data: bytes) -> int:
        self.sent += data
        return len(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def envelope_response(status: int) -> bytes:
    """A complete HTTP response in the envelope for a status gunicorn chose."""
    from errors import exceptions as app_errors
    from errors.rendering import envelope

    by_status: dict[int, type[app_errors.AppError]] = {
        403: app_errors.PermissionDeniedError,
        414: app_errors.UriTooLongError,
        431: app_errors.HeadersTooLargeError,
    }
    request_id = str(uuid.uuid4())
    if status in by_status:
        error: app_errors.AppError = by_status[status]()
    elif status >= 500 and status != 501:
        error_id = str(uuid.uuid4())
        logger.error(
            "the server failed a request before the application saw it",
            extra={"error_id": error_id, "request_id": request_id, "status": status},
        )
        error = app_errors.UnhandledError(details={"error_id": error_id})
    else:
        # 400 for a malformed request line or header, and the rare 417 and 501 (an unsupported
        # transfer coding): all the client's request.
        error = app_errors.BadRequestError("The request is malformed.")
    body = json.dumps(envelope(error, request_id)).encode()
    head = (
        f"HTTP/1.1 {error.status_code} {HTTPStatus(error.status_code).phrase}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"X-Request-ID: {request_id}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class EnvelopeErrorsMixin:
    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        # Gunicorn decides the status, logs the refusal and writes its access line; only the
        # page it would send is replaced.
        captured = _CapturedSocket(client)
        super().handle_error(req, captured, addr, exc)
        try:
            status = int(captured.sent.split(b" ", 2)[1])
        except (IndexError, ValueError):
            status = 500
        try:
            client.sendall(envelope_response(status))
        except OSError:
            self.log.debug("Failed to send the error envelope.")


class EnvelopeSyncWorker(EnvelopeErrorsMixin, SyncWorker):
    """One request at a time per process: the default."""


class EnvelopeThreadWorker(EnvelopeErrorsMixin, ThreadWorker):
    """Threads, and idle keep-alive connections wait in a poller instead of holding a worker:
    what browsers talking to gunicorn directly need."""
