from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.client_error_report_request import ClientErrorReportRequest
from ...models.error_envelope import ErrorEnvelope
from ...models.problem_details import ProblemDetails
from ...types import Response


def _get_kwargs(
    *,
    body: ClientErrorReportRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/client-errors",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorEnvelope | ProblemDetails | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:

        def _parse_response_400(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = ErrorEnvelope.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = ProblemDetails.from_dict(data)

            return response_400_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 406:

        def _parse_response_406(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_406_type_0 = ErrorEnvelope.from_dict(data)

                return response_406_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_406_type_1 = ProblemDetails.from_dict(data)

            return response_406_type_1

        response_406 = _parse_response_406(response.json())

        return response_406

    if response.status_code == 413:

        def _parse_response_413(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_413_type_0 = ErrorEnvelope.from_dict(data)

                return response_413_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_413_type_1 = ProblemDetails.from_dict(data)

            return response_413_type_1

        response_413 = _parse_response_413(response.json())

        return response_413

    if response.status_code == 414:

        def _parse_response_414(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_414_type_0 = ErrorEnvelope.from_dict(data)

                return response_414_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_414_type_1 = ProblemDetails.from_dict(data)

            return response_414_type_1

        response_414 = _parse_response_414(response.json())

        return response_414

    if response.status_code == 415:

        def _parse_response_415(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_415_type_0 = ErrorEnvelope.from_dict(data)

                return response_415_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_415_type_1 = ProblemDetails.from_dict(data)

            return response_415_type_1

        response_415 = _parse_response_415(response.json())

        return response_415

    if response.status_code == 429:

        def _parse_response_429(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_429_type_0 = ErrorEnvelope.from_dict(data)

                return response_429_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_429_type_1 = ProblemDetails.from_dict(data)

            return response_429_type_1

        response_429 = _parse_response_429(response.json())

        return response_429

    if response.status_code == 431:

        def _parse_response_431(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_431_type_0 = ErrorEnvelope.from_dict(data)

                return response_431_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_431_type_1 = ProblemDetails.from_dict(data)

            return response_431_type_1

        response_431 = _parse_response_431(response.json())

        return response_431

    if response.status_code == 500:

        def _parse_response_500(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_500_type_0 = ErrorEnvelope.from_dict(data)

                return response_500_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_500_type_1 = ProblemDetails.from_dict(data)

            return response_500_type_1

        response_500 = _parse_response_500(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorEnvelope | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ClientErrorReportRequest,
) -> Response[Any | ErrorEnvelope | ProblemDetails]:
    """Report a failure of the web pages' own code

    Args:
        body (ClientErrorReportRequest): A page's own uncaught error; the ids it names are the
            page's word, not proof.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorEnvelope | ProblemDetails]
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
    body: ClientErrorReportRequest,
) -> Any | ErrorEnvelope | ProblemDetails | None:
    """Report a failure of the web pages' own code

    Args:
        body (ClientErrorReportRequest): A page's own uncaught error; the ids it names are the
            page's word, not proof.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorEnvelope | ProblemDetails
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ClientErrorReportRequest,
) -> Response[Any | ErrorEnvelope | ProblemDetails]:
    """Report a failure of the web pages' own code

    Args:
        body (ClientErrorReportRequest): A page's own uncaught error; the ids it names are the
            page's word, not proof.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorEnvelope | ProblemDetails]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ClientErrorReportRequest,
) -> Any | ErrorEnvelope | ProblemDetails | None:
    """Report a failure of the web pages' own code

    Args:
        body (ClientErrorReportRequest): A page's own uncaught error; the ids it names are the
            page's word, not proof.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorEnvelope | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
