"""Every error code the API can answer with, each a small declarative class (see errors.base)."""

from __future__ import annotations

from errors.base import AppError
from errors.protocol import (  # noqa: F401 - raised as errors.exceptions.X like the rest
    HeadersTooLargeError,
    MethodNotAllowedError,
    NotAcceptableError,
    PayloadTooLargeError,
    PreconditionRequiredError,
    RequestTimeoutError,
    UnsupportedMediaTypeError,
    UpstreamTimeoutError,
    UpstreamUnavailableError,
    UriTooLongError,
)


class ValidationError(AppError):
    code = "VALIDATION_ERROR"
    message = "Invalid input data."
    description = "One or more fields are invalid; details has one list of messages per field."


class MalformedBodyError(AppError):
    code = "VALIDATION_MALFORMED_BODY"
    message = "The request body is not a valid JSON object."
    description = "The body could not be parsed, or its top level is not a JSON object."


class BadRequestError(AppError):
    code = "VALIDATION_BAD_REQUEST"
    message = "The request could not be understood."
    description = "The request itself is unacceptable, for example its Host header."


class NotAuthenticatedError(AppError):
    code = "AUTH_NOT_AUTHENTICATED"
    message = "Authentication credentials were not provided."
    description = "The endpoint needs an `Authorization: Bearer <access>` header."


class InvalidCredentialsError(AppError):
    code = "AUTH_INVALID_CREDENTIALS"
    message = "The email or password is incorrect."
    description = "Login failed; the message never says which of the two was wrong."


class TokenExpiredError(AppError):
    code = "AUTH_TOKEN_EXPIRED"
    message = "The access token has expired."
    description = "Refresh the access token with the refresh token, then repeat the request."


class TokenInvalidError(AppError):
    code = "AUTH_TOKEN_INVALID"
    message = "The token is invalid."
    description = "The token is malformed, forged, of the wrong type, revoked or already used."


class PermissionDeniedError(AppError):
    code = "FORBIDDEN_PERMISSION_DENIED"
    message = "You do not have permission to perform this action."
    description = "The authenticated user may not do this."


class NotOwnerError(AppError):
    code = "FORBIDDEN_NOT_OWNER"
    message = "This resource belongs to another user."
    description = "The object exists but is not yours to read, change or delete."


class CsrfFailedError(AppError):
    code = "FORBIDDEN_CSRF_FAILED"
    message = "CSRF verification failed."
    description = "A cookie-authenticated form was posted without a valid CSRF token."


class ResourceNotFoundError(AppError):
    code = "RESOURCE_NOT_FOUND"
    message = "The requested resource was not found."
    description = "Nothing exists at this URL, or the object it names does not exist."


class EmailExistsError(AppError):
    code = "CONFLICT_EMAIL_EXISTS"
    message = "An account with this email already exists."
    description = "Registration with an email that is already taken."


class DuplicateResourceError(AppError):
    code = "CONFLICT_DUPLICATE_RESOURCE"
    message = "A resource with these values already exists."
    description = "A uniqueness rule of the database refused the write."


class ConstraintViolationError(AppError):
    code = "CONFLICT_CONSTRAINT_VIOLATION"
    message = "The change conflicts with the current state of the data."
    description = "An integrity rule of the database refused the write; nothing was changed."


class ResourceLockedError(AppError):
    code = "CONFLICT_RESOURCE_LOCKED"
    message = "This deal already has an analysis queued or running."
    description = "Wait for details.analysis_id to finish before asking again."


class DuplicateDealError(AppError):
    code = "CONFLICT_DUPLICATE_DEAL"
    message = "You already saved a deal with this URL."
    description = "Each owner saves a URL once; details.deal_id is the existing deal."


class VersionMismatchError(AppError):
    code = "CONFLICT_VERSION_MISMATCH"
    message = "The deal changed since you read it."
    description = "Re-read the deal and retry with details.current_version; nothing was changed."


class HoldResolvedError(AppError):
    code = "CONFLICT_HOLD_RESOLVED"
    message = "This hold has already been captured, released or expired."
    description = "A hold resolves exactly once; details.status says how this one did."


class IdempotencyKeyReusedError(AppError):
    code = "CONFLICT_IDEMPOTENCY_KEY_REUSED"
    message = "This Idempotency-Key was already used with a different request body."
    description = "Use a new key for a new request; a key replays only the same body."


class RequestInProgressError(AppError):
    code = "CONFLICT_REQUEST_IN_PROGRESS"
    message = "A request with this Idempotency-Key is still being processed."
    retryable = True
    retry_after = 1
    description = "Retry after Retry-After seconds to get the first request's response."


class ConcurrentUpdateError(AppError):
    code = "CONFLICT_CONCURRENT_UPDATE"
    message = "The data changed while the request ran. Please retry."
    retryable = True
    description = "The database aborted the transaction to keep concurrent writes consistent."


class RateLimitError(AppError):
    code = "RATE_LIMIT_EXCEEDED"
    message = "Too many requests. Please try again later."
    template = "Too many requests. Retry in {retry_after} seconds."
    retryable = True
    description = "Wait the number of seconds in Retry-After (also details.retry_after)."


class AIUnavailableError(AppError):
    code = "INTEGRATION_AI_UNAVAILABLE"
    message = "The AI providers are unavailable. Please retry later."
    retryable = True
    description = (
        "Every provider failed, timed out or was shed by its breaker; nothing was charged."
    )


class UpstreamError(AppError):
    code = "INTEGRATION_UPSTREAM_ERROR"
    message = "An external service failed to answer properly."
    retryable = True
    description = "A provider this request depends on failed after retries and fallbacks."


class UnhandledError(AppError):
    code = "SYSTEM_UNHANDLED_ERROR"
    message = "An unexpected error occurred. Quote the request id to support."
    description = "A bug on our side; details.error_id finds the full record in the logs."


class DatabaseUnavailableError(AppError):
    code = "SYSTEM_DATABASE_UNAVAILABLE"
    status_code = 503
    retry_after = 5
    message = "The service is temporarily unavailable. Please retry shortly."
    retryable = True
    description = "The database could not be reached; nothing was changed."


class DatabaseBusyError(AppError):
    code = "SYSTEM_DATABASE_BUSY"
    status_code = 503
    retry_after = 2
    message = "The service is busy. Please retry shortly."
    retryable = True
    description = (
        "Other writes held the database (SQLite) longer than its busy timeout; nothing was changed."
    )


class OverloadedError(AppError):
    code = "SYSTEM_OVERLOADED"
    status_code = 503
    retry_after = 5
    message = "The service is overloaded. Please retry shortly."
    retryable = True
    description = "The proxy in front refused the request to protect the application."


class RateLimiterUnavailableError(AppError):
    code = "SYSTEM_RATE_LIMITER_UNAVAILABLE"
    status_code = 503
    retry_after = 5
    message = "Sign-in is briefly unavailable. Please retry shortly."
    retryable = True
    description = "Login attempts cannot be counted right now, so none are let through."


class DependencyUnavailableError(AppError):
    code = "SYSTEM_DEPENDENCY_UNAVAILABLE"
    status_code = 503
    message = "A service dependency is unavailable."
    retryable = True
    description = "Readiness failed; details.checks gives the state of each dependency."


class InsufficientBalanceError(AppError):
    code = "TOKEN_INSUFFICIENT_BALANCE"
    message = "Insufficient token balance."
    template = (
        "Insufficient token balance. Required: {required_amount}, Available: {available_balance}"
    )
    description = "The available balance (balance less holds) is below the amount required."

    def __init__(self, *, required: int, available: int) -> None:
        missing = max(0, required - available)
        amounts = {"required_amount": required, "available_balance": available}
        super().__init__(details={**amounts, "missing_amount": missing})


class AIInvalidResponseError(AppError):
    code = "AI_INVALID_RESPONSE"
    message = "The AI answered, but never in a usable form."
    retryable = True
    description = (
        "Every provider's output failed validation, re-asks included; nothing was charged."
    )
