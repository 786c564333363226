from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.auth_not_authenticated_error import AuthNotAuthenticatedError
from ...models.auth_not_authenticated_problem import AuthNotAuthenticatedProblem
from ...models.auth_token_expired_error import AuthTokenExpiredError
from ...models.auth_token_expired_problem import AuthTokenExpiredProblem
from ...models.auth_token_invalid_error import AuthTokenInvalidError
from ...models.auth_token_invalid_problem import AuthTokenInvalidProblem
from ...models.http_405_error import Http405Error
from ...models.http_405_problem import Http405Problem
from ...models.http_406_error import Http406Error
from ...models.http_406_problem import Http406Problem
from ...models.http_414_error import Http414Error
from ...models.http_414_problem import Http414Problem
from ...models.http_431_error import Http431Error
from ...models.http_431_problem import Http431Problem
from ...models.paginated_webhook_endpoint_list import PaginatedWebhookEndpointList
from ...models.rate_limit_exceeded_error import RateLimitExceededError
from ...models.rate_limit_exceeded_problem import RateLimitExceededProblem
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
from ...models.validation_error_error import ValidationErrorError
from ...models.validation_error_problem import ValidationErrorProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/webhooks/endpoints",
        "params": params,
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
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | PaginatedWebhookEndpointList
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
    | None
):
    if response.status_code == 200:
        response_200 = PaginatedWebhookEndpointList.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(
            data: object,
        ) -> (
            ValidationBadRequestError
            | ValidationBadRequestProblem
            | ValidationErrorError
            | ValidationErrorProblem
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
                response_400_type_1_type_0 = ValidationBadRequestProblem.from_dict(data)

                return response_400_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1_type_1 = ValidationErrorProblem.from_dict(data)

            return response_400_type_1_type_1

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
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | PaginatedWebhookEndpointList
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
) -> Response[
    AuthNotAuthenticatedError
    | AuthNotAuthenticatedProblem
    | AuthTokenExpiredError
    | AuthTokenExpiredProblem
    | AuthTokenInvalidError
    | AuthTokenInvalidProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | PaginatedWebhookEndpointList
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
]:
    """Your webhook endpoints, newest first

    Args:
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthNotAuthenticatedError | AuthNotAuthenticatedProblem | AuthTokenExpiredError | AuthTokenExpiredProblem | AuthTokenInvalidError | AuthTokenInvalidProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | PaginatedWebhookEndpointList | RateLimitExceededError | RateLimitExceededProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem | ValidationErrorError | ValidationErrorProblem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
) -> (
    AuthNotAuthenticatedError
    | AuthNotAuthenticatedProblem
    | AuthTokenExpiredError
    | AuthTokenExpiredProblem
    | AuthTokenInvalidError
    | AuthTokenInvalidProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | PaginatedWebhookEndpointList
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
    | None
):
    """Your webhook endpoints, newest first

    Args:
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthNotAuthenticatedError | AuthNotAuthenticatedProblem | AuthTokenExpiredError | AuthTokenExpiredProblem | AuthTokenInvalidError | AuthTokenInvalidProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | PaginatedWebhookEndpointList | RateLimitExceededError | RateLimitExceededProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem | ValidationErrorError | ValidationErrorProblem
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
) -> Response[
    AuthNotAuthenticatedError
    | AuthNotAuthenticatedProblem
    | AuthTokenExpiredError
    | AuthTokenExpiredProblem
    | AuthTokenInvalidError
    | AuthTokenInvalidProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | PaginatedWebhookEndpointList
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
]:
    """Your webhook endpoints, newest first

    Args:
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthNotAuthenticatedError | AuthNotAuthenticatedProblem | AuthTokenExpiredError | AuthTokenExpiredProblem | AuthTokenInvalidError | AuthTokenInvalidProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | PaginatedWebhookEndpointList | RateLimitExceededError | RateLimitExceededProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem | ValidationErrorError | ValidationErrorProblem]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
) -> (
    AuthNotAuthenticatedError
    | AuthNotAuthenticatedProblem
    | AuthTokenExpiredError
    | AuthTokenExpiredProblem
    | AuthTokenInvalidError
    | AuthTokenInvalidProblem
    | Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | PaginatedWebhookEndpointList
    | RateLimitExceededError
    | RateLimitExceededProblem
    | SystemDatabaseBusyError
    | SystemDatabaseBusyProblem
    | SystemDatabaseUnavailableError
    | SystemDatabaseUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | ValidationErrorError
    | ValidationErrorProblem
    | None
):
    """Your webhook endpoints, newest first

    Args:
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthNotAuthenticatedError | AuthNotAuthenticatedProblem | AuthTokenExpiredError | AuthTokenExpiredProblem | AuthTokenInvalidError | AuthTokenInvalidProblem | Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | PaginatedWebhookEndpointList | RateLimitExceededError | RateLimitExceededProblem | SystemDatabaseBusyError | SystemDatabaseBusyProblem | SystemDatabaseUnavailableError | SystemDatabaseUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem | ValidationErrorError | ValidationErrorProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
        )
    ).parsed
