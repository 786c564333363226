from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.auth_not_authenticated_error import AuthNotAuthenticatedError
from ...models.auth_not_authenticated_problem import AuthNotAuthenticatedProblem
from ...models.auth_token_expired_error import AuthTokenExpiredError
from ...models.auth_token_expired_problem import AuthTokenExpiredProblem
from ...models.auth_token_invalid_error import AuthTokenInvalidError
from ...models.auth_token_invalid_problem import AuthTokenInvalidProblem
from ...models.forbidden_not_owner_error import ForbiddenNotOwnerError
from ...models.forbidden_not_owner_problem import ForbiddenNotOwnerProblem
from ...models.http_405_error import Http405Error
from ...models.http_405_problem import Http405Problem
from ...models.http_406_error import Http406Error
from ...models.http_406_problem import Http406Problem
from ...models.http_414_error import Http414Error
from ...models.http_414_problem import Http414Problem
from ...models.http_431_error import Http431Error
from ...models.http_431_problem import Http431Problem
from ...models.rate_limit_exceeded_error import RateLimitExceededError
from ...models.rate_limit_exceeded_problem import RateLimitExceededProblem
from ...models.resource_not_found_error import ResourceNotFoundError
from ...models.resource_not_found_problem import ResourceNotFoundProblem
from ...models.system_database_busy_error import SystemDatabaseBusyError
from ...models.system_database_busy_problem import SystemDatabaseBusyProblem
from ...models.system_database_unavailable_error import SystemDatabaseUnavailableError
from ...models.system_database_unavailable_problem import (
    SystemDatabaseUnavailableProblem,
)
from ...models.system_unhandled_error_error import SystemUnhandledErrorError
from ...models.system_unhandled_error_problem import SystemUnhandledErrorProblem
from ...models.validation_bad_request_error import ValidationBadRequestError
from ...models.validation_bad_request_problem import ValidationBadRequestProblem
from ...models.webhook_endpoint import WebhookEndpoint
from ...types import Response


def _get_kwargs(
    endpoint_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/webhooks/endpoints/{endpoint_id}".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AuthNotAuthenticatedError
    | AuthNotAuthenticatedProblem
    | AuthTokenExpiredError
    | AuthTokenExpiredProblem
    | AuthTokenInvalidError
    | AuthTokenInvalidProblem
    | ForbiddenNotOwnerError
    | ForbiddenNotOwnerProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | ResourceNotFoundError
    | ResourceNotFoundProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | WebhookEndpoint
    | None
):
    if response.status_code == 200:
        response_200 = WebhookEndpoint.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(
            data: object,
        ) -> ValidationBadRequestError | ValidationBadRequestProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = ValidationBadRequestError.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = ValidationBadRequestProblem.from_dict(data)

            return response_400_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:

        def _parse_response_401(
            data: object,
        ) -> (
            AuthNotAuthenticatedError
            | AuthNotAuthenticatedProblem
            | AuthTokenExpiredError
            | AuthTokenExpiredProblem
            | AuthTokenInvalidError
            | AuthTokenInvalidProblem
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_0_type_0 = AuthNotAuthenticatedError.from_dict(data)

                return response_401_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_0_type_1 = AuthTokenExpiredError.from_dict(data)

                return response_401_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_0_type_2 = AuthTokenInvalidError.from_dict(data)

                return response_401_type_0_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_1_type_0 = AuthNotAuthenticatedProblem.from_dict(data)

                return response_401_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_1_type_1 = AuthTokenExpiredProblem.from_dict(data)

                return response_401_type_1_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_401_type_1_type_2 = AuthTokenInvalidProblem.from_dict(data)

            return response_401_type_1_type_2

        response_401 = _parse_response_401(response.json())

        return response_401

    if response.status_code == 403:

        def _parse_response_403(
            data: object,
        ) -> ForbiddenNotOwnerError | ForbiddenNotOwnerProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_403_type_0 = ForbiddenNotOwnerError.from_dict(data)

                return response_403_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_403_type_1 = ForbiddenNotOwnerProblem.from_dict(data)

            return response_403_type_1

        response_403 = _parse_response_403(response.json())

        return response_403

    if response.status_code == 404:

        def _parse_response_404(
            data: object,
        ) -> ResourceNotFoundError | ResourceNotFoundProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_404_type_0 = ResourceNotFoundError.from_dict(data)

                return response_404_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_404_type_1 = ResourceNotFoundProblem.from_dict(data)

            return response_404_type_1

        response_404 = _parse_response_404(response.json())

        return response_404

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
                response_503_type_1_type_0 = SystemDatabaseUnavailableProblem.from_dict(
                    data
                )

                return response_503_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_503_type_1_type_1 = SystemDatabaseBusyProblem.from_dict(data)

            return response_503_type_1_type_1

        response_503 = _parse_response_503(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    AuthNotAuthenticatedError
    | AuthNotAuthenticatedProblem
    | AuthTokenExpiredError
    | AuthTokenExpiredProblem
    | AuthTokenInvalidError
    | AuthTokenInvalidProblem
    | ForbiddenNotOwnerError
    | ForbiddenNotOwnerProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | ResourceNotFoundError
    | ResourceNotFoundProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | WebhookEndpoint
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[
    AuthNotAuthenticatedError
    | AuthNotAuthenticatedProblem
    | AuthTokenExpiredError
    | AuthTokenExpiredProblem
    | AuthTokenInvalidError
    | AuthTokenInvalidProblem
    | ForbiddenNotOwnerError
    | ForbiddenNotOwnerProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | ResourceNotFoundError
    | ResourceNotFoundProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | WebhookEndpoint
]:
    """One webhook endpoint

    Args:
        endpoint_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthNotAuthenticatedError | AuthNotAuthenticatedProblem | AuthTokenExpiredError | AuthTokenExpiredProblem | AuthTokenInvalidError | AuthTokenInvalidProblem | ForbiddenNotOwnerError | ForbiddenNotOwnerProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | RateLimitExceededError | RateLimitExceededProblem | ResourceNotFoundError | ResourceNotFoundProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem | WebhookEndpoint]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: int,
    *,
    client: AuthenticatedClient,
) -> (
    AuthNotAuthenticatedError
    | AuthNotAuthenticatedProblem
    | AuthTokenExpiredError
    | AuthTokenExpiredProblem
    | AuthTokenInvalidError
    | AuthTokenInvalidProblem
    | ForbiddenNotOwnerError
    | ForbiddenNotOwnerProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | ResourceNotFoundError
    | ResourceNotFoundProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | WebhookEndpoint
    | None
):
    """One webhook endpoint

    Args:
        endpoint_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthNotAuthenticatedError | AuthNotAuthenticatedProblem | AuthTokenExpiredError | AuthTokenExpiredProblem | AuthTokenInvalidError | AuthTokenInvalidProblem | ForbiddenNotOwnerError | ForbiddenNotOwnerProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | RateLimitExceededError | RateLimitExceededProblem | ResourceNotFoundError | ResourceNotFoundProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem | WebhookEndpoint
    """

    return sync_detailed(
        endpoint_id=endpoint_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    endpoint_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[
    AuthNotAuthenticatedError
    | AuthNotAuthenticatedProblem
    | AuthTokenExpiredError
    | AuthTokenExpiredProblem
    | AuthTokenInvalidError
    | AuthTokenInvalidProblem
    | ForbiddenNotOwnerError
    | ForbiddenNotOwnerProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | ResourceNotFoundError
    | ResourceNotFoundProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | WebhookEndpoint
]:
    """One webhook endpoint

    Args:
        endpoint_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthNotAuthenticatedError | AuthNotAuthenticatedProblem | AuthTokenExpiredError | AuthTokenExpiredProblem | AuthTokenInvalidError | AuthTokenInvalidProblem | ForbiddenNotOwnerError | ForbiddenNotOwnerProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | RateLimitExceededError | RateLimitExceededProblem | ResourceNotFoundError | ResourceNotFoundProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem | WebhookEndpoint]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: int,
    *,
    client: AuthenticatedClient,
) -> (
    AuthNotAuthenticatedError
    | AuthNotAuthenticatedProblem
    | AuthTokenExpiredError
    | AuthTokenExpiredProblem
    | AuthTokenInvalidError
    | AuthTokenInvalidProblem
    | ForbiddenNotOwnerError
    | ForbiddenNotOwnerProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | RateLimitExceededError
    | RateLimitExceededProblem
    | ResourceNotFoundError
    | ResourceNotFoundProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | WebhookEndpoint
    | None
):
    """One webhook endpoint

    Args:
        endpoint_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthNotAuthenticatedError | AuthNotAuthenticatedProblem | AuthTokenExpiredError | AuthTokenExpiredProblem | AuthTokenInvalidError | AuthTokenInvalidProblem | ForbiddenNotOwnerError | ForbiddenNotOwnerProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | RateLimitExceededError | RateLimitExceededProblem | ResourceNotFoundError | ResourceNotFoundProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem | WebhookEndpoint
    """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            client=client,
        )
    ).parsed
