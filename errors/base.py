"""AppError, the base every error of the API declares itself on, and the catalogue it fills.

A concrete error states its code, message and description; the code's prefix gives its category
and so its HTTP status (a `SYSTEM_` code may say 503). It may declare `retry_after` (sent as
`Retry-After` and `details.retry_after`) and a `template` that writes the message from `details`.
Defining the class registers the code, so `GET /api/v1/errors` cannot drift from what is raised.
"""

from __future__ import annotations

import enum
import math
from typing import Any, ClassVar


class Category(enum.Enum):
    """The error categories of the standard: label, code prefix, HTTP status, page title."""

    VALIDATION = ("validation", "VALIDATION_", 400, "Invalid Input")
    AUTHENTICATION = ("authentication", "AUTH_", 401, "Authentication Error")
    AUTHORIZATION = ("authorization", "FORBIDDEN_", 403, "Permission Denied")
    RESOURCE = ("resource", "RESOURCE_", 404, "Resource Error")
    CONFLICT = ("conflict", "CONFLICT_", 409, "Conflict Error")
    RATE_LIMIT = ("rate_limit", "RATE_LIMIT_", 429, "Rate Limit Exceeded")
    INTEGRATION = ("integration", "INTEGRATION_", 502, "Service Unavailable")
    SYSTEM = ("system", "SYSTEM_", 500, "System Error")
    TOKEN = ("token", "TOKEN_", 402, "Token Error")
    AI = ("ai", "AI_", 422, "AI Processing Error")
    # Protocol errors outside the categories keep HTTP's own status: HTTP_405 answers 405.
    PROTOCOL = ("protocol", "HTTP_", None, "HTTP Error")

    def __init__(self, label: str, prefix: str, http_status: int | None, title: str) -> None:
        self.label = label
        self.prefix = prefix
        self.http_status = http_status
        self.title = title

    @classmethod
    def of(cls, code: str) -> Category:
        for category in cls:
            if code.startswith(category.prefix):
                return category
        raise TypeError(f"{code} has no category prefix")


# Every code the API can answer with, and its class: what GET /api/v1/errors lists.
CATALOGUE: dict[str, type[AppError]] = {}


def _status_of(cls: type[AppError], category: Category) -> int:
    if category is Category.PROTOCOL:
        return int(cls.code.removeprefix(category.prefix))
    status = cls.__dict__.get("status_code") or category.http_status
    if status != category.http_status and not (category is Category.SYSTEM and status == 503):
        raise TypeError(f"{cls.code} answers {status}, outside its category")
    return status


class AppError(Exception):
    """Base of every error the API answers with; raise a concrete subclass.

    `message` and `details` may be given per occurrence; `details` must be an object and hold
    nothing a client should not see.
    """

    code: ClassVar[str] = ""
    message: ClassVar[str] = "An unexpected error occurred."
    description: ClassVar[str] = ""
    retryable: ClassVar[bool] = False
    status_code: ClassVar[int] = 500
    category: ClassVar[Category] = Category.SYSTEM
    # Seconds a client should wait before trying again; None: no Retry-After.
    retry_after: ClassVar[int | None] = None
    # The message written from `details` (str.format), when they hold every field it names.
    template: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            return
        if cls.code in CATALOGUE:
            raise TypeError(f"{cls.code} is declared twice")
        if not cls.description:
            raise TypeError(f"{cls.code} needs a description")
        cls.category = Category.of(cls.code)
        cls.status_code = _status_of(cls, cls.category)
        CATALOGUE[cls.code] = cls

    def __init__(
        self,
        message: str | None = None,
        *,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        retry_after: float | None = None,
    ) -> None:
        if not type(self).code:
            raise TypeError(f"{type(self).__name__} has no code; raise a concrete error")
        self.details = dict(details or {})
        self.headers = dict(headers or {})
        wait = retry_after if retry_after is not None else type(self).retry_after
        self.retry_after = None if wait is None else max(1, math.ceil(wait))
        if self.retry_after is not None:
            self.details["retry_after"] = self.retry_after
            self.headers["Retry-After"] = str(self.retry_after)
        self.message = message or self._templated() or type(self).message
        super().__init__(self.message)

    def _templated(self) -> str:
        try:
            return self.template.format(**self.details)
        except KeyError:
            return ""

    @classmethod
    def rebuild(
        cls, *, code: str, message: str, details: dict[str, Any], headers: dict[str, str]
    ) -> AppError:
        """The error of `code` with these parts, as they were answered once (replays)."""
        error = Exception.__new__(CATALOGUE[code])
        AppError.__init__(error, message, details=details, headers=headers)
        return error
