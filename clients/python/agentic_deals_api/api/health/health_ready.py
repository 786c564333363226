from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_405_error import Http405Error
from ...models.http_405_problem import Http405Problem
from ...models.http_406_error import Http406Error
from ...models.http_406_problem import Http406Problem
from ...models.http_414_error import Http414Error
from ...models.http_414_problem import Http414Problem
from ...models.http_431_error import Http431Error
from ...models.http_431_problem import Http431Problem
from ...models.readiness import Readiness
from ...models.system_dependency_unavailable_error import (
    SystemDependencyUnavailableError,
)
from ...models.system_dependency_unavailable_problem import (
    SystemDependencyUnavailableProblem,
)
from ...models.system_unhandled_error_error import SystemUnhandledErrorError
from ...models.system_unhandled_error_problem import SystemUnhandledErrorProblem
from ...models.validation_bad_request_error import ValidationBadRequestError
from ...models.validation_bad_request_problem import ValidationBadRequestProblem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/health/ready",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | Readiness
    | SystemDependencyUnavailableError
    | SystemDependencyUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | None
):
    if response.status_code == 200:
        response_200 = Readiness.from_dict(response.json())

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
        ) -> SystemDependencyUnavailableError | SystemDependencyUnavailableProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_503_type_0 = SystemDependencyUnavailableError.from_dict(data)

                return response_503_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_503_type_1 = SystemDependencyUnavailableProblem.from_dict(data)

            return response_503_type_1

        response_503 = _parse_response_503(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | Readiness
    | SystemDependencyUnavailableError
    | SystemDependencyUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
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
) -> Response[
    Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | Readiness
    | SystemDependencyUnavailableError
    | SystemDependencyUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
]:
    """Readiness of the database, cache and broker

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | Readiness | SystemDependencyUnavailableError | SystemDependencyUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> (
    Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | Readiness
    | SystemDependencyUnavailableError
    | SystemDependencyUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | None
):
    """Readiness of the database, cache and broker

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | Readiness | SystemDependencyUnavailableError | SystemDependencyUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | Readiness
    | SystemDependencyUnavailableError
    | SystemDependencyUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
]:
    """Readiness of the database, cache and broker

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | Readiness | SystemDependencyUnavailableError | SystemDependencyUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> (
    Http405Error
    | Http405Problem
    | Http406Error
    | Http406Problem
    | Http414Error
    | Http414Problem
    | Http431Error
    | Http431Problem
    | Readiness
    | SystemDependencyUnavailableError
    | SystemDependencyUnavailableProblem
    | SystemUnhandledErrorError
    | SystemUnhandledErrorProblem
    | ValidationBadRequestError
    | ValidationBadRequestProblem
    | None
):
    """Readiness of the database, cache and broker

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Http405Error | Http405Problem | Http406Error | Http406Problem | Http414Error | Http414Problem | Http431Error | Http431Problem | Readiness | SystemDependencyUnavailableError | SystemDependencyUnavailableProblem | SystemUnhandledErrorError | SystemUnhandledErrorProblem | ValidationBadRequestError | ValidationBadRequestProblem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
