from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.auth_invalid_credentials_error import AuthInvalidCredentialsError
from ...models.auth_invalid_credentials_problem import AuthInvalidCredentialsProblem
from ...models.conflict_concurrent_update_error import ConflictConcurrentUpdateError
from ...models.conflict_concurrent_update_problem import ConflictConcurrentUpdateProblem
from ...models.conflict_constraint_violation_error import (
    ConflictConstraintViolationError,
)
from ...models.conflict_constraint_violation_problem import (
    ConflictConstraintViolationProblem,
)
from ...models.conflict_duplicate_resource_error import ConflictDuplicateResourceError
from ...models.conflict_duplicate_resource_problem import (
    ConflictDuplicateResourceProblem,
)
from ...models.http_405_error import Http405Error
from ...models.http_405_problem import Http405Problem
from ...models.http_406_error import Http406Error
from ...models.http_406_problem import Http406Problem
from ...models.http_413_error import Http413Error
from ...models.http_413_problem import Http413Problem
from ...models.http_414_error import Http414Error
from ...models.http_414_problem import Http414Problem
from ...models.http_415_error import Http415Error
from ...models.http_415_problem import Http415Problem
from ...models.http_431_error import Http431Error
from ...models.http_431_problem import Http431Problem
from ...models.rate_limit_exceeded_error import RateLimitExceededError
from ...models.rate_limit_exceeded_problem import RateLimitExceededProblem
from ...models.system_database_busy_error import SystemDatabaseBusyError
from ...models.system_database_busy_problem import SystemDatabaseBusyProblem
from ...models.system_database_unavailable_error import SystemDatabaseUnavailableError
from ...models.system_database_unavailable_problem import (
    SystemDatabaseUnavailableProblem,
)
from ...models.system_rate_limiter_unavailable_error import (
    SystemRateLimiterUnavailableError,
)
from ...models.system_rate_limiter_unavailable_problem import (
    SystemRateLimiterUnavailableProblem,
)
from ...models.system_unhandled_error_error import SystemUnhandledErrorError
from ...models.system_unhandled_error_problem import SystemUnhandledErrorProblem
from ...models.token_obtain_request import TokenObtainRequest
from ...models.token_pair import TokenPair
from ...models.validation_bad_request_error import ValidationBadRequestError
from ...models.validation_bad_request_problem import ValidationBadRequestProblem
from ...models.validation_error_error import ValidationErrorError
from ...models.validation_error_problem import ValidationErrorProblem
from ...models.validation_malformed_body_error import ValidationMalformedBodyError
from ...models.validation_malformed_body_problem import ValidationMalformedBodyProblem
from ...types import Response


def _get_kwargs(
    *,
    body: TokenObtainRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/token",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AuthInvalidCredentialsError
    | AuthInvalidCredentialsProblem
    | ConflictConcurrentUpdateError
    | ConflictConcurrentUpdateProblem
    | ConflictConstraintViolationError
    | ConflictConstraintViolationProblem
    | ConflictDuplicateResourceError
    | ConflictDuplicateResourceProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http413Error
    | Http413Problem
    | Http414Error
    | Http414Problem
    | Http415Error
    | Http415Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemRateLimiterUnavailableError
    | SystemRateLimiterUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | TokenPair
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
    | ValidationMalformedBodyError
    | ValidationMalformedBodyProblem
    | None
):
    if response.status_code == 200:
        response_200 = TokenPair.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(
            data: object,
        ) -> (
            ValidationBadRequestError
            | ValidationBadRequestProblem
            | ValidationErrorError
            | ValidationErrorProblem
            | ValidationMalformedBodyError
            | ValidationMalformedBodyProblem
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0_type_0 = ValidationBadRequestError.from_dict(data)

                return response_400_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0_type_1 = ValidationErrorError.from_dict(data)

                return response_400_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0_type_2 = ValidationMalformedBodyError.from_dict(
                    data
                )

                return response_400_type_0_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_1_type_0 = ValidationBadRequestProblem.from_dict(data)

                return response_400_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_1_type_1 = ValidationErrorProblem.from_dict(data)

                return response_400_type_1_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1_type_2 = ValidationMalformedBodyProblem.from_dict(data)

            return response_400_type_1_type_2

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:

        def _parse_response_401(
            data: object,
        ) -> AuthInvalidCredentialsError | AuthInvalidCredentialsProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_0 = AuthInvalidCredentialsError.from_dict(data)

                return response_401_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_401_type_1 = AuthInvalidCredentialsProblem.from_dict(data)

            return response_401_type_1

        response_401 = _parse_response_401(response.json())

        return response_401

    if response.status_code == 405:

        def _parse_response_405(data: object) -> Http405Error | Http405Problem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_405_type_0 = Http405Error.from_dict(data)

                return response_405_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_405_type_1 = Http405Problem.from_dict(data)

            return response_405_type_1

        response_405 = _parse_response_405(response.json())

        return response_405

    if response.status_code == 406:

        def _parse_response_406(data: object) -> Http406Error | Http406Problem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_406_type_0 = Http406Error.from_dict(data)

                return response_406_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_406_type_1 = Http406Problem.from_dict(data)

            return response_406_type_1

        response_406 = _parse_response_406(response.json())

        return response_406

    if response.status_code == 409:

        def _parse_response_409(
            data: object,
        ) -> (
            ConflictConcurrentUpdateError
            | ConflictConcurrentUpdateProblem
            | ConflictConstraintViolationError
            | ConflictConstraintViolationProblem
            | ConflictDuplicateResourceError
            | ConflictDuplicateResourceProblem
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0_type_0 = ConflictConcurrentUpdateError.from_dict(
                    data
                )

                return response_409_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0_type_1 = ConflictDuplicateResourceError.from_dict(
                    data
                )

                return response_409_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0_type_2 = ConflictConstraintViolationError.from_dict(
                    data
                )

                return response_409_type_0_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_1_type_0 = ConflictConcurrentUpdateProblem.from_dict(
                    data
                )

                return response_409_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_1_type_1 = ConflictDuplicateResourceProblem.from_dict(
                    data
                )

                return response_409_type_1_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_409_type_1_type_2 = ConflictConstraintViolationProblem.from_dict(
                data
            )

            return response_409_type_1_type_2

        response_409 = _parse_response_409(response.json())

        return response_409

    if response.status_code == 413:

        def _parse_response_413(data: object) -> Http413Error | Http413Problem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_413_type_0 = Http413Error.from_dict(data)

                return response_413_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_413_type_1 = Http413Problem.from_dict(data)

            return response_413_type_1

        response_413 = _parse_response_413(response.json())

        return response_413

    if response.status_code == 414:

        def _parse_response_414(data: object) -> Http414Error | Http414Problem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_414_type_0 = Http414Error.from_dict(data)

                return response_414_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_414_type_1 = Http414Problem.from_dict(data)

            return response_414_type_1

        response_414 = _parse_response_414(response.json())

        return response_414

    if response.status_code == 415:

        def _parse_response_415(data: object) -> Http415Error | Http415Problem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_415_type_0 = Http415Error.from_dict(data)

                return response_415_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_415_type_1 = Http415Problem.from_dict(data)

            return response_415_type_1

        response_415 = _parse_response_415(response.json())

        return response_415

    if response.status_code == 429:

        def _parse_response_429(
            data: object,
        ) -> RateLimitExceededError | RateLimitExceededProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_429_type_0 = RateLimitExceededError.from_dict(data)

                return response_429_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_429_type_1 = RateLimitExceededProblem.from_dict(data)

            return response_429_type_1

        response_429 = _parse_response_429(response.json())

        return response_429

    if response.status_code == 431:

        def _parse_response_431(data: object) -> Http431Error | Http431Problem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_431_type_0 = Http431Error.from_dict(data)

                return response_431_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_431_type_1 = Http431Problem.from_dict(data)

            return response_431_type_1

        response_431 = _parse_response_431(response.json())

        return response_431

    if response.status_code == 500:

        def _parse_response_500(
            data: object,
        ) -> SystemUnhandledErrorError | SystemUnhandledErrorProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_500_type_0 = SystemUnhandledErrorError.from_dict(data)

                return response_500_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_500_type_1 = SystemUnhandledErrorProblem.from_dict(data)

            return response_500_type_1

        response_500 = _parse_response_500(response.json())

        return response_500

    if response.status_code == 503:

        def _parse_response_503(
            data: object,
        ) -> (
            SystemDatabaseBusyError
            | SystemDatabaseBusyProblem
            | SystemDatabaseUnavailableError
            | SystemDatabaseUnavailableProblem
            | SystemRateLimiterUnavailableError
            | SystemRateLimiterUnavailableProblem
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_503_type_0_type_0 = SystemDatabaseUnavailableError.from_dict(
                    data
                )

                return response_503_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_503_type_0_type_1 = SystemDatabaseBusyError.from_dict(data)

                return response_503_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_503_type_0_type_2 = (
                    SystemRateLimiterUnavailableError.from_dict(data)
                )

                return response_503_type_0_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_503_type_1_type_0 = SystemDatabaseUnavailableProblem.from_dict(
                    data
                )

                return response_503_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_503_type_1_type_1 = SystemDatabaseBusyProblem.from_dict(data)

                return response_503_type_1_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_503_type_1_type_2 = SystemRateLimiterUnavailableProblem.from_dict(
                data
            )

            return response_503_type_1_type_2

        response_503 = _parse_response_503(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    AuthInvalidCredentialsError
    | AuthInvalidCredentialsProblem
    | ConflictConcurrentUpdateError
    | ConflictConcurrentUpdateProblem
    | ConflictConstraintViolationError
    | ConflictConstraintViolationProblem
    | ConflictDuplicateResourceError
    | ConflictDuplicateResourceProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http413Error
    | Http413Problem
    | Http414Error
    | Http414Problem
    | Http415Error
    | Http415Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemRateLimiterUnavailableError
    | SystemRateLimiterUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | TokenPair
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
    | ValidationMalformedBodyError
    | ValidationMalformedBodyProblem
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenObtainRequest,
) -> Response[
    AuthInvalidCredentialsError
    | AuthInvalidCredentialsProblem
    | ConflictConcurrentUpdateError
    | ConflictConcurrentUpdateProblem
    | ConflictConstraintViolationError
    | ConflictConstraintViolationProblem
    | ConflictDuplicateResourceError
    | ConflictDuplicateResourceProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http413Error
    | Http413Problem
    | Http414Error
    | Http414Problem
    | Http415Error
    | Http415Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemRateLimiterUnavailableError
    | SystemRateLimiterUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | TokenPair
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
    | ValidationMalformedBodyError
    | ValidationMalformedBodyProblem
]:
    """Log in: a token pair

    Args:
        body (TokenObtainRequest): Sign-in: a wrong email or password answers 401, never saying
            which.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthInvalidCredentialsError | AuthInvalidCredentialsProblem | ConflictConcurrentUpdateError | ConflictConcurrentUpdateProblem | ConflictConstraintViolationError | ConflictConstraintViolationProblem | ConflictDuplicateResourceError | ConflictDuplicateResourceProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http413Error | Http413Problem | Http414Error | Http414Problem | Http415Error | Http415Problem | Http431Error | Http431Problem | RateLimitExceededError | RateLimitExceededProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemRateLimiterUnavailableError | SystemRateLimiterUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | TokenPair | ValidationBadRequestError | ValidationBadRequestProblem | ValidationErrorError | ValidationErrorProblem | ValidationMalformedBodyError | ValidationMalformedBodyProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: TokenObtainRequest,
) -> (
    AuthInvalidCredentialsError
    | AuthInvalidCredentialsProblem
    | ConflictConcurrentUpdateError
    | ConflictConcurrentUpdateProblem
    | ConflictConstraintViolationError
    | ConflictConstraintViolationProblem
    | ConflictDuplicateResourceError
    | ConflictDuplicateResourceProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http413Error
    | Http413Problem
    | Http414Error
    | Http414Problem
    | Http415Error
    | Http415Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemRateLimiterUnavailableError
    | SystemRateLimiterUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | TokenPair
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
    | ValidationMalformedBodyError
    | ValidationMalformedBodyProblem
    | None
):
    """Log in: a token pair

    Args:
        body (TokenObtainRequest): Sign-in: a wrong email or password answers 401, never saying
            which.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthInvalidCredentialsError | AuthInvalidCredentialsProblem | ConflictConcurrentUpdateError | ConflictConcurrentUpdateProblem | ConflictConstraintViolationError | ConflictConstraintViolationProblem | ConflictDuplicateResourceError | ConflictDuplicateResourceProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http413Error | Http413Problem | Http414Error | Http414Problem | Http415Error | Http415Problem | Http431Error | Http431Problem | RateLimitExceededError | RateLimitExceededProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemRateLimiterUnavailableError | SystemRateLimiterUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | TokenPair | ValidationBadRequestError | ValidationBadRequestProblem | ValidationErrorError | ValidationErrorProblem | ValidationMalformedBodyError | ValidationMalformedBodyProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenObtainRequest,
) -> Response[
    AuthInvalidCredentialsError
    | AuthInvalidCredentialsProblem
    | ConflictConcurrentUpdateError
    | ConflictConcurrentUpdateProblem
    | ConflictConstraintViolationError
    | ConflictConstraintViolationProblem
    | ConflictDuplicateResourceError
    | ConflictDuplicateResourceProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http413Error
    | Http413Problem
    | Http414Error
    | Http414Problem
    | Http415Error
    | Http415Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemRateLimiterUnavailableError
    | SystemRateLimiterUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | TokenPair
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
    | ValidationMalformedBodyError
    | ValidationMalformedBodyProblem
]:
    """Log in: a token pair

    Args:
        body (TokenObtainRequest): Sign-in: a wrong email or password answers 401, never saying
            which.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthInvalidCredentialsError | AuthInvalidCredentialsProblem | ConflictConcurrentUpdateError | ConflictConcurrentUpdateProblem | ConflictConstraintViolationError | ConflictConstraintViolationProblem | ConflictDuplicateResourceError | ConflictDuplicateResourceProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http413Error | Http413Problem | Http414Error | Http414Problem | Http415Error | Http415Problem | Http431Error | Http431Problem | RateLimitExceededError | RateLimitExceededProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemRateLimiterUnavailableError | SystemRateLimiterUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | TokenPair | ValidationBadRequestError | ValidationBadRequestProblem | ValidationErrorError | ValidationErrorProblem | ValidationMalformedBodyError | ValidationMalformedBodyProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TokenObtainRequest,
) -> (
    AuthInvalidCredentialsError
    | AuthInvalidCredentialsProblem
    | ConflictConcurrentUpdateError
    | ConflictConcurrentUpdateProblem
    | ConflictConstraintViolationError
    | ConflictConstraintViolationProblem
    | ConflictDuplicateResourceError
    | ConflictDuplicateResourceProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http413Error
    | Http413Problem
    | Http414Error
    | Http414Problem
    | Http415Error
    | Http415Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemRateLimiterUnavailableError
    | SystemRateLimiterUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | TokenPair
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
    | ValidationMalformedBodyError
    | ValidationMalformedBodyProblem
    | None
):
    """Log in: a token pair

    Args:
        body (TokenObtainRequest): Sign-in: a wrong email or password answers 401, never saying
            which.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthInvalidCredentialsError | AuthInvalidCredentialsProblem | ConflictConcurrentUpdateError | ConflictConcurrentUpdateProblem | ConflictConstraintViolationError | ConflictConstraintViolationProblem | ConflictDuplicateResourceError | ConflictDuplicateResourceProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http413Error | Http413Problem | Http414Error | Http414Problem | Http415Error | Http415Problem | Http431Error | Http431Problem | RateLimitExceededError | RateLimitExceededProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemRateLimiterUnavailableError | SystemRateLimiterUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | TokenPair | ValidationBadRequestError | ValidationBadRequestProblem | ValidationErrorError | ValidationErrorProblem | ValidationMalformedBodyError | ValidationMalformedBodyProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
