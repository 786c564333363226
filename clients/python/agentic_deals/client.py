"""The client users import: the generated API (agentic_deals_api) behind an HTTP layer that does
what the API's error standard asks of a client.

- Every error answer is raised as the exception class of its code (agentic_deals.errors), with
  the request id to quote.
- Connection errors, 429, 502, 503, 504 and "the same key is still running" (409
  CONFLICT_REQUEST_IN_PROGRESS) are retried, after `Retry-After` when the answer gives one,
  otherwise after a jittered, doubling backoff; every wait is capped, and so is the number of
  tries.
- A POST gets an Idempotency-Key when it has none, the same one on each of its retries, so a
  retried deduction or analysis happens once.
- An `AUTH_TOKEN_EXPIRED` answer refreshes the access token once and sends the call again; calls
  in parallel wait for one refresh.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from agentic_deals_api.client import AuthenticatedClient

from agentic_deals.errors import BY_CODE, ApiError

RETRIED_STATUSES = frozenset({429, 502, 503, 504})
AUTH_PATHS = ("/api/v1/auth/token", "/api/v1/auth/register")


def error_for(response: httpx.Response) -> ApiError:
    """The exception of an error answer, by its code (ApiError for one this client predates)."""
    try:
        body = json.loads(response.content)
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = body.get("code") or f"HTTP_{response.status_code}"
    retry_after = response.headers.get("Retry-After")
    return BY_CODE.get(code, ApiError)(
        body.get("message") or response.reason_phrase,
        status=response.status_code,
        code=code,
        details=body.get("details") if isinstance(body.get("details"), dict) else {},
        request_id=body.get("request_id") or response.headers.get("X-Request-ID"),
        retry_after=int(retry_after) if retry_after and retry_after.isdigit() else None,
    )


class _Tokens:
    """The signed-in pair; one refresh at a time, however many calls found the token expired."""

    def __init__(self) -> None:
        self.access = ""
        self.refresh = ""
        self.lock = threading.Lock()

    def renew(
        self, stale: str, url: httpx.URL, send: Callable[[httpx.Request], httpx.Response]
    ) -> bool:
        with self.lock:
            if self.access != stale:
                return True  # another call refreshed it meanwhile
            request = httpx.Request("POST", url, json={"refresh": self.refresh})
            answer = send(request)
            answer.read()
            if answer.status_code != 200:
                return False
            pair = json.loads(answer.content)
            self.access, self.refresh = pair["access"], pair["refresh"]
            return True


class _Resilient(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport,
        tokens: _Tokens,
        base_url: httpx.URL,
        *,
        tries: int,
        backoff: float,
        max_wait: float,
    ) -> None:
        self.inner, self.tokens, self.base_url = inner, tokens, base_url
        self.tries, self.backoff, self.max_wait = tries, backoff, max_wait

    def _wait(self, attempt: int, retry_after: str | None) -> None:
        if retry_after and retry_after.isdigit():
            seconds = float(retry_after)
        else:
            seconds = self.backoff * 2**attempt * random.uniform(0.5, 1.5)  # noqa: S311 - jitter
        time.sleep(min(seconds, self.max_wait))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and "Idempotency-Key" not in request.headers:
            request.headers["Idempotency-Key"] = str(uuid.uuid4())
        refreshed = False
        attempt = 0
        while True:
            token = self.tokens.access
            if token and not request.url.path.startswith(AUTH_PATHS):
                request.headers["Authorization"] = f"Bearer {token}"
            try:
                response = self.inner.handle_request(request)
            except httpx.TransportError:
                if attempt + 1 >= self.tries:
                    raise
                self._wait(attempt, None)
                attempt += 1
                continue
            code = None
            if response.status_code in (401, 409) or response.status_code in RETRIED_STATUSES:
                response.read()
                code = _code_of(response)
            if code == "AUTH_TOKEN_EXPIRED" and not refreshed:
                refreshed = True
                response.close()
                refresh_url = self.base_url.join("/api/v1/auth/token/refresh")
                if self.tokens.renew(token, refresh_url, self.inner.handle_request):
                    continue
                return response
            retried = response.status_code in RETRIED_STATUSES
            retried = retried or code == "CONFLICT_REQUEST_IN_PROGRESS"
            if retried and attempt + 1 < self.tries:
                response.close()
                self._wait(attempt, response.headers.get("Retry-After"))
                attempt += 1
                continue
            return response

    def close(self) -> None:
        self.inner.close()


def _code_of(response: httpx.Response) -> str | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


def _raise_for_error(response: httpx.Response) -> None:
    if response.status_code >= 400:
        response.read()
        raise error_for(response)


class Client:
    """One user's connection to the API. `api` is what the generated operations take:

    from agentic_deals import Client
    from agentic_deals_api.api.deals import deals_create
    from agentic_deals_api.models import DealRequest

    client = Client("http://127.0.0.1:8000")
    client.sign_in("demo@example.com", "demo-password-2026")
    deal = deals_create.sync(client=client.api, body=DealRequest(title="Kettle", price="19.99"))
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        tries: int = 5,
        backoff: float = 0.5,
        max_wait: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.tokens = _Tokens()
        resilient = _Resilient(
            transport or httpx.HTTPTransport(),
            self.tokens,
            httpx.URL(base_url),
            tries=tries,
            backoff=backoff,
            max_wait=max_wait,
        )
        self.http = httpx.Client(
            base_url=base_url,
            timeout=timeout,
            transport=resilient,
            event_hooks={"response": [_raise_for_error]},
        )
        self.api = AuthenticatedClient(base_url=base_url, token="").set_httpx_client(self.http)

    def register(self, email: str, password: str, name: str) -> dict[str, Any]:
        body = {"email": email, "password": password, "name": name}
        return self.http.post("/api/v1/auth/register", json=body).json()

    def sign_in(self, email: str, password: str) -> None:
        pair = self.http.post("/api/v1/auth/token", json={"email": email, "password": password})
        self.tokens.access, self.tokens.refresh = pair.json()["access"], pair.json()["refresh"]

    def pages(self, operation: Any, **arguments: Any) -> Iterator[Any]:
        """Every entry of a cursor-paged list, following `next`:
        `for deal in client.pages(deals_list, category=CategoryEnum.HOME): ...`"""
        while True:
            page = operation.sync(client=self.api, **arguments)
            yield from page.results
            if not page.next_:
                return
            arguments["cursor"] = parse_qs(urlsplit(page.next_).query)["cursor"][0]

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
