"""HTTP's own errors, outside the standard's categories: each keeps its status as its code."""

from __future__ import annotations

from errors.base import AppError


class MethodNotAllowedError(AppError):
    code = "HTTP_405"
    message = "This method is not allowed here."
    description = "The Allow header lists the methods this URL accepts."


class NotAcceptableError(AppError):
    code = "HTTP_406"
    message = "No acceptable representation; this API speaks JSON."
    description = "The Accept header excludes application/json."


class RequestTimeoutError(AppError):
    code = "HTTP_408"
    message = "The request took too long to arrive."
    description = (
        "The proxy in front stopped waiting for the request's headers or body (10 s without "
        "data); the request never reached the application."
    )


class PayloadTooLargeError(AppError):
    code = "HTTP_413"
    message = "The request body is too large."
    description = "The body exceeds the limit given in details.max_bytes."


class UriTooLongError(AppError):
    code = "HTTP_414"
    message = "The request line is too long."
    description = (
        "The method, path and query string together exceed what the server reads "
        "(8190 bytes); the request never reached the application."
    )


class HeadersTooLargeError(AppError):
    code = "HTTP_431"
    message = "The request headers are too large."
    description = (
        "A header line exceeds 8190 bytes, or all of them 32 KiB; the request never "
        "reached the application."
    )


class UnsupportedMediaTypeError(AppError):
    code = "HTTP_415"
    message = "Unsupported media type; send application/json."
    description = "The Content-Type of the body is not one the endpoint parses."


class PreconditionRequiredError(AppError):
    code = "HTTP_428"
    message = "Say which version you are changing: send If-Match or a version in the body."
    description = (
        "A PUT or PATCH of a deal needs the version it was read at, as `If-Match` (the ETag from "
        "GET, or `*` for whatever is current) or as `version` in the body, so that no change is "
        "lost to another."
    )


class NotImplementedByServerError(AppError):
    code = "HTTP_501"
    message = "The request uses a feature this server does not implement."
    description = (
        "The proxy in front refused a transfer coding or method it does not implement; the "
        "request never reached the application."
    )


class HttpVersionNotSupportedError(AppError):
    code = "HTTP_505"
    message = "This HTTP version is not supported; use HTTP/1.1."
    description = "The proxy in front refused the request line's HTTP version."


class UpstreamUnavailableError(AppError):
    code = "HTTP_502"
    retry_after = 5
    message = "The service is temporarily unavailable. Please retry shortly."
    retryable = True
    description = "The proxy in front could not reach the application; nothing was changed."


class UpstreamTimeoutError(AppError):
    code = "HTTP_504"
    retry_after = 5
    message = "The service took too long to answer."
    retryable = True
    description = (
        "The proxy in front stopped waiting for the application's answer; the request may or may "
        "not have taken effect, so retry writes with the same Idempotency-Key."
    )
