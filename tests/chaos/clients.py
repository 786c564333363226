"""Clients that behave as careful integrations do, and the history of everything they asked.

Each client signs in, then creates, edits and deletes deals, deducts, asks for analyses and
reads balances, lists and analyses, chosen by its own seeded random. A POST carries an
Idempotency-Key that stays the same across its retries (edits carry the deal's version instead,
and deletes are safe to repeat: the API takes keys on POST only); a connection error, a 429 or a
502/503/504 is retried after `Retry-After` (or a doubling backoff), an `AUTH_TOKEN_EXPIRED`
refreshes the access token. Every attempt, answered or not, becomes one line of the history.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

RETRIED_STATUSES = frozenset({429, 502, 503, 504})
MAX_ATTEMPTS = 8
REQUEST_TIMEOUT = 40.0
PASSWORD = "chaos-password-2026-x"

# Operation weights: writes dominate, as they are what the promises are about.
OPERATIONS = {
    "create_deal": 18,
    "edit_deal": 14,
    "delete_deal": 4,
    "deduct": 18,
    "analyse": 14,
    "get_analysis": 10,
    "balance": 10,
    "list_deals": 8,
    "list_transactions": 4,
}


class History:
    """The JSON-lines history file, written as the attempts end (several clients at once)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._file = path.open("a", encoding="utf-8")
        self.records: list[dict[str, Any]] = []

    def write(self, record: dict[str, Any]) -> None:
        with self._lock:
            self.records.append(record)
            self._file.write(json.dumps(record, default=str) + "\n")
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            self._file.close()


@dataclass
class Attempt:
    status: int | None
    code: str | None
    body: Any
    retry_after: str | None


@dataclass
class Client:
    """One integration with its own account; `stopping` ends its loop after the current call."""

    name: str
    email: str
    base_url: str
    history: History
    seed: int
    stopping: threading.Event
    access: str = ""
    refresh: str = ""
    deals: dict[int, int] = field(default_factory=dict)  # id -> version
    analyses: dict[int, int] = field(default_factory=dict)  # id -> deal id
    serial: int = 0
    crashed: str = ""

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)

    # One HTTP attempt -------------------------------------------------------------------------

    def _attempt(
        self, op: str, method: str, path: str, body: Any, key: str | None, number: int
    ) -> Attempt:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.access and not path.startswith("/api/v1/auth/"):
            headers["Authorization"] = f"Bearer {self.access}"
        if key:
            headers["Idempotency-Key"] = key
        data = json.dumps(body).encode() if body is not None else None
        request = Request(f"{self.base_url}{path}", data=data, headers=headers, method=method)  # noqa: S310
        record: dict[str, Any] = {
            "client": self.name,
            "user": self.email,
            "op": op,
            "method": method,
            "path": path,
            "key": key,
            "attempt": number,
            "start": time.time(),
        }
        status, received, raw, error = None, {}, b"", None
        try:
            with urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310 - loopback
                status, received = response.status, dict(response.headers)
                raw = response.read()
        except HTTPError as answer:
            status, received = answer.code, dict(answer.headers)
            try:
                raw = answer.read()
            except (OSError, http.client.HTTPException) as cut:  # begun, then cut off
                raw, error = b"", type(cut).__name__
        except http.client.IncompleteRead as cut:  # a 2xx whose body was cut off
            raw, error = cut.partial, "IncompleteRead"
        except (OSError, http.client.HTTPException) as failure:  # refused, reset: no answer
            error = "timeout" if "timed out" in str(failure) else type(failure).__name__
            reason = getattr(failure, "reason", None)
            if isinstance(reason, BaseException):
                error = type(reason).__name__
        parsed = _parse(raw)
        code = parsed.get("code") if isinstance(parsed, dict) and status and status >= 400 else None
        record |= {
            "end": time.time(),
            "status": status,
            "error": error,
            "content_type": received.get("Content-Type"),
            "request_id": received.get("X-Request-ID"),
            "retry_after": received.get("Retry-After"),
            "replayed": received.get("Idempotent-Replayed") == "true",
            "code": code,
            "body": parsed,
        }
        self.history.write(record)
        return Attempt(status, code, parsed, record["retry_after"])

    def call(
        self, op: str, method: str, path: str, body: Any = None, *, key: str | None = None
    ) -> Attempt:
        """One operation: retried as a careful integration retries, the same key each time."""
        backoff = 0.5
        for number in range(1, MAX_ATTEMPTS + 1):
            answer = self._attempt(op, method, path, body, key, number)
            if answer.code == "AUTH_TOKEN_EXPIRED":
                self.renew()
                continue
            retried = answer.status is None or answer.status in RETRIED_STATUSES
            if answer.code == "CONFLICT_REQUEST_IN_PROGRESS":
                retried = True
            if not retried or number == MAX_ATTEMPTS:
                return answer
            wait = _seconds(answer.retry_after) if answer.retry_after else backoff
            backoff = min(backoff * 2, 8.0)
            time.sleep(min(wait, 30.0) + self.random.uniform(0, 0.3))
        return answer

    # Sign-in ------------------------------------------------------------------------------------

    def sign_in(self) -> bool:
        answer = self.call(
            "sign_in", "POST", "/api/v1/auth/token", {"email": self.email, "password": PASSWORD}
        )
        if answer.status != 200:
            return False
        self.access, self.refresh = answer.body["access"], answer.body["refresh"]
        return True

    def renew(self) -> None:
        """Refresh the access token; sign in again if the refresh token is refused."""
        answer = self._attempt(
            "refresh", "POST", "/api/v1/auth/token/refresh", {"refresh": self.refresh}, None, 1
        )
        if answer.status == 200:
            self.access, self.refresh = answer.body["access"], answer.body["refresh"]
        elif answer.status == 401:
            self.sign_in()
        else:
            time.sleep(1)

    # The loop -------------------------------------------------------------------------------------

    def register(self) -> None:
        """Pairs of clients share an account: one creates it, the other meets 409 (so does a
        retry whose first answer was lost)."""
        body = {"email": self.email, "password": PASSWORD, "name": self.name}
        self.call("register", "POST", "/api/v1/auth/register", body)

    def run(self) -> None:
        """The loop; an exception of the client itself is kept in `crashed` (the run fails)."""
        try:
            self._loop()
        except Exception as error:  # reported by the run, with its traceback
            self.crashed = "".join(traceback.format_exception(error))[-3000:]

    def _loop(self) -> None:
        self.register()
        while not self.stopping.is_set() and not self.sign_in():
            time.sleep(1)
        operations, weights = zip(*OPERATIONS.items(), strict=True)
        while not self.stopping.is_set():
            getattr(self, self.random.choices(operations, weights)[0])()

    def _deal(self) -> int | None:
        return self.random.choice(list(self.deals)) if self.deals else None

    def create_deal(self) -> None:
        self.serial += 1
        price = self.random.randint(5, 900)
        body = {
            "title": f"Chaos deal {self.name}-{self.serial}",
            "price": f"{price}.00",
            "original_price": f"{price + self.random.randint(1, 200)}.00",
            "url": f"https://shop.example/{self.name}/{self.serial}",
        }
        answer = self.call("create_deal", "POST", "/api/v1/deals", body, key=str(uuid.uuid4()))
        if answer.status == 201:
            self.deals[answer.body["id"]] = answer.body["version"]

    def edit_deal(self) -> None:
        deal = self._deal()
        if deal is None:
            return self.create_deal()
        body = {"price": f"{self.random.randint(5, 900)}.00", "version": self.deals[deal]}
        body["original_price"] = "1000.00"
        answer = self.call("edit_deal", "PATCH", f"/api/v1/deals/{deal}", body)
        if answer.status == 200:
            self.deals[deal] = answer.body["version"]
        elif answer.code == "CONFLICT_VERSION_MISMATCH":
            self.deals[deal] = answer.body["details"]["current_version"]
        elif answer.status == 404:
            self.deals.pop(deal, None)
        return None

    def delete_deal(self) -> None:
        deal = self._deal()
        if deal is None:
            return
        answer = self.call("delete_deal", "DELETE", f"/api/v1/deals/{deal}")
        if answer.status in (204, 404):  # its analyses went with it
            self.deals.pop(deal, None)
            self.analyses = {id_: of for id_, of in self.analyses.items() if of != deal}

    def deduct(self) -> None:
        body = {
            "amount": self.random.randint(1, 4),
            "transaction_type": "ai_usage",
            "description": f"chaos {self.name}",
        }
        self.call("deduct", "POST", "/api/v1/tokens/deduct", body, key=str(uuid.uuid4()))

    def analyse(self) -> None:
        deal = self._deal()
        if deal is None:
            return
        path = f"/api/v1/deals/{deal}/analyses"
        answer = self.call("analyse", "POST", path, {}, key=str(uuid.uuid4()))
        if answer.status == 202:
            self.analyses[answer.body["id"]] = deal

    def get_analysis(self) -> None:
        if self.analyses:
            analysis = self.random.choice(list(self.analyses))
            self.call("get_analysis", "GET", f"/api/v1/analyses/{analysis}")

    def balance(self) -> None:
        self.call("balance", "GET", "/api/v1/tokens/balance")

    def list_deals(self) -> None:
        self.call("list_deals", "GET", "/api/v1/deals")

    def list_transactions(self) -> None:
        self.call("list_transactions", "GET", "/api/v1/tokens/transactions")


def _parse(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw[:500].decode(errors="replace")


def _seconds(value: str) -> float:
    try:
        return max(float(value), 0.1)
    except ValueError:
        return 1.0
