"""WSGI entry point for gunicorn and other WSGI servers. The system checks run first, as every
management command and worker runs them: a malformed setting refuses to serve.

Bodies are made whole here for servers without nginx in front (`make run`): gunicorn hands a
chunked body over with no Content-Length, which Django reads as empty, so it is read (up to the
body limit and one byte more, which Django then refuses with 413) and sized; and a body Django
refuses unread is read to its end before the 413 goes out, so that a client that sends its
whole body before reading (Python's `requests` and `urllib`) gets the answer rather than a
reset, and the kept-alive connection serves its next request. Behind nginx neither happens:
nginx sizes bodies and refuses large ones itself.
"""

import io
import os
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.checks import run_checks
from django.core.management.base import SystemCheckError
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# At most this much of a refused body is read and thrown away; past it, the socket just closes.
DRAIN_LIMIT = 64 * 1024 * 1024


def whole_bodies(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        received = environ["wsgi.input"]
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = received.read(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input"] = io.BytesIO(body)
        refused = []

        def start(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            if status.startswith("413"):
                refused.append(status)
            return start_response(status, headers, *exc_info)

        answer = app(environ, start)
        if refused:
            drained = 0
            while drained < DRAIN_LIMIT and (chunk := received.read(64 * 1024)):
                drained += len(chunk)
        return answer

    return serve


application = whole_bodies(get_wsgi_application())
if errors := [message for message in run_checks() if message.is_serious()]:
    raise SystemCheckError("\n".join(str(message) for message in errors))
