"""Application errors and the catalogue of every error code the API can answer with.

Each concrete `AppError` subclass declares its code, HTTP status, default message, whether a
client may retry, and a one-line description. Defining the class registers the code, so the
catalogue served at `GET /api/v1/errors` cannot drift from what the code raises.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, ClassVar


class Category(enum.Enum):
    """The error categories of the standard: code prefix and HTTP status of each."""

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
    PROTOCOL = ("protocol", "HTTP_", None, "HTTP Error")

    def __init__(self, label: str, prefix: str, http_status: int | None, title: str) -> None:
        self.label = label
        self.prefix = prefix
        self.http_status = http_status
        self.title = title


@dataclass(frozen=True)
class CatalogueEntry:
    """One error code as clients see it in the catalogue."""

    code: str
    category: Category
    http_status: int
    message: str
    retryable: bool
    description: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "category": self.category.label,
            "http_status": self.http_status,
            "message": self.message,
            "retryable": self.retryable,
            "description": self.description,
        }


CATALOGUE: dict[str, CatalogueEntry] = {}


class AppError(Exception):
    """Base of every error the API answers with.

    Subclasses that set `code` are concrete and enter the catalogue; category bases set only
    `category`. `message` and `details` may be given per occurrence; `details` must be an
    object and must hold nothing a client should not see.
    """

    category: ClassVar[Category] = Category.SYSTEM
    code: ClassVar[str] = ""
    message: ClassVar[str] = "An unexpected error occurred."
    retryable: ClassVar[bool] = False
    description: ClassVar[str] = ""
    # SYSTEM_ codes may answer 503 when the server is only temporarily unable.
    status_code: ClassVar[int | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            return
        if not cls.code.startswith(cls.category.prefix):
            raise TypeError(f"{cls.code} must start with {cls.category.prefix}")
        if cls.code in CATALOGUE:
            raise TypeError(f"{cls.code} is declared twice")
        status = cls.status_code or cls.category.http_status
        allowed = {cls.category.http_status}
        if cls.category is Category.SYSTEM:
            allowed.add(503)
        if status is None or (cls.category is not Category.PROTOCOL and status not in allowed):
            raise TypeError(f"{cls.code} answers {status}, outside its category")
        if not cls.description:
            raise TypeError(f"{cls.code} needs a description")
        cls.status_code = status
        CATALOGUE[cls.code] = CatalogueEntry(
            code=cls.code,
            category=cls.category,
            http_status=status,
            message=cls.message,
            retryable=cls.retryable,
            description=cls.description,
        )

    def __init__(
        self,
        message: str | None = None,
        *,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        if not type(self).code:
            raise TypeError(f"{type(self).__name__} is a category, raise one of its codes")
        self.message = message or type(self).message
        self.details = dict(details or {})
        self.headers = dict(headers or {})
        super().__init__(self.message)

    @property
    def entry(self) -> CatalogueEntry:
        return CATALOGUE[self.code]


# Validation: 400
class ValidationError(AppError):
    category = Category.VALIDATION
    code = "VALIDATION_ERROR"
    message = "Invalid input data."
    description = "One or more fields are invalid; details has one list of messages per field."


class MalformedBodyError(ValidationError):
    code = "VALIDATION_MALFORMED_BODY"
    message = "The request body is not a valid JSON object."
    description = "The body could not be parsed, or its top level is not a JSON object."


class BadRequestError(ValidationError):
    code = "VALIDATION_BAD_REQUEST"
    message = "The request could not be understood."
    description = "The request itself is unacceptable, for example its Host header."


# Authentication: 401
class AuthenticationError(AppError):
    category = Category.AUTHENTICATION


class NotAuthenticatedError(AuthenticationError):
    code = "AUTH_NOT_AUTHENTICATED"
    message = "Authentication credentials were not provided."
    description = "The endpoint needs an `Authorization: Bearer <access>` header."


class InvalidCredentialsError(AuthenticationError):
    code = "AUTH_INVALID_CREDENTIALS"
    message = "The email or password is incorrect."
    description = "Login failed; the message never says which of the two was wrong."


class TokenExpiredError(AuthenticationError):
    code = "AUTH_TOKEN_EXPIRED"
    message = "The access token has expired."
    description = "Refresh the access token with the refresh token, then repeat the request."


class TokenInvalidError(AuthenticationError):
    code = "AUTH_TOKEN_INVALID"
    message = "The token is invalid."
    description = "The token is malformed, forged, of the wrong type, revoked or already used."


# Authorization: 403
class AuthorizationError(AppError):
    category = Category.AUTHORIZATION


class PermissionDeniedError(AuthorizationError):
    code = "FORBIDDEN_PERMISSION_DENIED"
    message = "You do not have permission to perform this action."
    description = "The authenticated user may not do this."


class NotOwnerError(AuthorizationError):
    code = "FORBIDDEN_NOT_OWNER"
    message = "This resource belongs to another user."
    description = "The object exists but is not yours to read, change or delete."


class CsrfFailedError(AuthorizationError):
    code = "FORBIDDEN_CSRF_FAILED"
    message = "CSRF verification failed."
    description = "A cookie-authenticated form was posted without a valid CSRF token."


# Resource: 404
class ResourceError(AppError):
    category = Category.RESOURCE


class ResourceNotFoundError(ResourceError):
    code = "RESOURCE_NOT_FOUND"
    message = "The requested resource was not found."
    description = "Nothing exists at this URL, or the object it names does not exist."


# Conflict: 409
class ConflictError(AppError):
    category = Category.CONFLICT


class EmailExistsError(ConflictError):
    code = "CONFLICT_EMAIL_EXISTS"
    message = "An account with this email already exists."
    description = "Registration with an email that is already taken."


class DuplicateResourceError(ConflictError):
    code = "CONFLICT_DUPLICATE_RESOURCE"
    message = "A resource with these values already exists."
    description = "A uniqueness rule of the database refused the write."


class ConstraintViolationError(ConflictError):
    code = "CONFLICT_CONSTRAINT_VIOLATION"
    message = "The change conflicts with the current state of the data."
    description = "An integrity rule of the database refused the write; nothing was changed."


class ResourceLockedError(ConflictError):
    code = "CONFLICT_RESOURCE_LOCKED"
    message = "This deal already has an analysis queued or running."
    description = "Wait for details.analysis_id to finish before asking again."


class DuplicateDealError(ConflictError):
    code = "CONFLICT_DUPLICATE_DEAL"
    message = "You already saved a deal with this URL."
    description = "Each owner saves a URL once; details.deal_id is the existing deal."


class VersionMismatchError(ConflictError):
    code = "CONFLICT_VERSION_MISMATCH"
    message = "The deal changed since you read it."
    description = "Re-read the deal and retry with details.current_version; nothing was changed."


class HoldResolvedError(ConflictError):
    code = "CONFLICT_HOLD_RESOLVED"
    message = "This hold has already been captured, released or expired."
    description = "A hold resolves exactly once; details.status says how this one did."


class IdempotencyKeyReusedError(ConflictError):
    code = "CONFLICT_IDEMPOTENCY_KEY_REUSED"
    message = "This Idempotency-Key was already used with a different request body."
    description = "Use a new key for a new request; a key replays only the same body."


class RequestInProgressError(ConflictError):
    code = "CONFLICT_REQUEST_IN_PROGRESS"
    message = "A request with this Idempotency-Key is still being processed."
    retryable = True
    description = "Retry after Retry-After seconds to get the first request's response."


class ConcurrentUpdateError(ConflictError):
    code = "CONFLICT_CONCURRENT_UPDATE"
    message = "The data changed while the request ran. Please retry."
    retryable = True
    description = "The database aborted the transaction to keep concurrent writes consistent."


# Rate limit: 429
class RateLimitError(AppError):
    category = Category.RATE_LIMIT
    code = "RATE_LIMIT_EXCEEDED"
    message = "Too many requests. Please try again later."
    retryable = True
    description = "Wait the number of seconds in Retry-After (also details.retry_after)."

    def __init__(
        self,
        message: str | None = None,
        *,
        retry_after: int,
        details: dict[str, Any] | None = None,
    ) -> None:
        retry_after = max(1, int(retry_after))
        super().__init__(
            message,
            details={**(details or {}), "retry_after": retry_after},
            headers={"Retry-After": str(retry_after)},
        )
        self.retry_after = retry_after


# Integration: 502
class IntegrationError(AppError):
    category = Category.INTEGRATION


class AIUnavailableError(IntegrationError):
    code = "INTEGRATION_AI_UNAVAILABLE"
    message = "The AI providers are unavailable. Please retry later."
    retryable = True
    description = (
        "Every provider failed, timed out or was shed by its breaker; nothing was charged."
    )


class UpstreamError(IntegrationError):
    code = "INTEGRATION_UPSTREAM_ERROR"
    message = "An external service failed to answer properly."
    retryable = True
    description = "A provider this request depends on failed after retries and fallbacks."


# System: 500 (503 while a dependency is down)
class ServerError(AppError):
    category = Category.SYSTEM


class UnhandledError(ServerError):
    code = "SYSTEM_UNHANDLED_ERROR"
    message = "An unexpected error occurred. Quote the request id to support."
    description = "A bug on our side; details.error_id finds the full record in the logs."


class DatabaseUnavailableError(ServerError):
    code = "SYSTEM_DATABASE_UNAVAILABLE"
    status_code = 503
    message = "The service is temporarily unavailable. Please retry shortly."
    retryable = True
    description = "The database could not be reached; nothing was changed."


class RateLimiterUnavailableError(ServerError):
    code = "SYSTEM_RATE_LIMITER_UNAVAILABLE"
    status_code = 503
    message = "Sign-in is briefly unavailable. Please retry shortly."
    retryable = True
    description = "Login attempts cannot be counted right now, so none are let through."


class DependencyUnavailableError(ServerError):
    code = "SYSTEM_DEPENDENCY_UNAVAILABLE"
    status_code = 503
    message = "A service dependency is unavailable."
    retryable = True
    description = "Readiness failed; details.checks gives the state of each dependency."


# Token: 402
class TokenError(AppError):
    category = Category.TOKEN


class InsufficientBalanceError(TokenError):
    code = "TOKEN_INSUFFICIENT_BALANCE"
    message = "Insufficient token balance."
    description = "The available balance (balance less holds) is below the amount required."

    def __init__(self, *, required: int, available: int) -> None:
        super().__init__(
            f"Insufficient token balance. Required: {required}, Available: {available}",
            details={
                "required_amount": required,
                "available_balance": available,
                "missing_amount": max(0, required - available),
            },
        )


# The spec's name for the same error.
InsufficientTokensError = InsufficientBalanceError


# AI: 422
class AIProcessingError(AppError):
    category = Category.AI


class AIInvalidResponseError(AIProcessingError):
    code = "AI_INVALID_RESPONSE"
    message = "The AI answered, but never in a usable form."
    retryable = True
    description = (
        "Every provider's output failed validation, re-asks included; nothing was charged."
    )


# Protocol errors outside the categories keep HTTP's own status.
class ProtocolError(AppError):
    category = Category.PROTOCOL


class MethodNotAllowedError(ProtocolError):
    code = "HTTP_405"
    status_code = 405
    message = "This method is not allowed here."
    description = "The Allow header lists the methods this URL accepts."


class NotAcceptableError(ProtocolError):
    code = "HTTP_406"
    status_code = 406
    message = "No acceptable representation; this API speaks JSON."
    description = "The Accept header excludes application/json."


class PayloadTooLargeError(ProtocolError):
    code = "HTTP_413"
    status_code = 413
    message = "The request body is too large."
    description = "The body exceeds the limit given in details.max_bytes."


class UriTooLongError(ProtocolError):
    code = "HTTP_414"
    status_code = 414
    message = "The request line is too long."
    description = (
        "The method, path and query string together exceed what the server reads "
        "(4094 bytes); the request never reached the application."
    )


class HeadersTooLargeError(ProtocolError):
    code = "HTTP_431"
    status_code = 431
    message = "The request headers are too large."
    description = (
        "A header exceeds 8190 bytes, or there are more than 100; the request never "
        "reached the application."
    )


class UnsupportedMediaTypeError(ProtocolError):
    code = "HTTP_415"
    status_code = 415
    message = "Unsupported media type; send application/json."
    description = "The Content-Type of the body is not one the endpoint parses."
