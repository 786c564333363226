from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.problem_details import ProblemDetails
from ...models.token_pair import TokenPair
from ...models.token_refresh_request import TokenRefreshRequest
from ...types import Response


def _get_kwargs(
    *,
    body: TokenRefreshRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/token/refresh",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ProblemDetails | TokenPair | None:
    if response.status_code == 200:
        response_200 = TokenPair.from_dict(response.json())

        return response_200

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

    if response.status_code == 401:

        def _parse_response_401(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_0 = ErrorEnvelope.from_dict(data)

                return response_401_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_401_type_1 = ProblemDetails.from_dict(data)

            return response_401_type_1

        response_401 = _parse_response_401(response.json())

        return response_401

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

    if response.status_code == 409:

        def _parse_response_409(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_409_type_0 = ErrorEnvelope.from_dict(data)

                return response_409_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_409_type_1 = ProblemDetails.from_dict(data)

            return response_409_type_1

        response_409 = _parse_response_409(response.json())

        return response_409

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

    if response.status_code == 503:

        def _parse_response_503(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_503_type_0 = ErrorEnvelope.from_dict(data)

                return response_503_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_503_type_1 = ProblemDetails.from_dict(data)

            return response_503_type_1

        response_503 = _parse_response_503(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | ProblemDetails | TokenPair]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRefreshRequest,
) -> Response[ErrorEnvelope | ProblemDetails | TokenPair]:
    """Rotate a refresh token: a new pair

     Answers that carry tokens say `Cache-Control: no-store`: no cache on the way, and no
    browser's back button, keeps a copy.

    Args:
        body (TokenRefreshRequest): A refresh token, as the last sign-in or refresh gave it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ProblemDetails | TokenPair]
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
    body: TokenRefreshRequest,
) -> ErrorEnvelope | ProblemDetails | TokenPair | None:
    """Rotate a refresh token: a new pair

     Answers that carry tokens say `Cache-Control: no-store`: no cache on the way, and no
    browser's back button, keeps a copy.

    Args:
        body (TokenRefreshRequest): A refresh token, as the last sign-in or refresh gave it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ProblemDetails | TokenPair
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRefreshRequest,
) -> Response[ErrorEnvelope | ProblemDetails | TokenPair]:
    """Rotate a refresh token: a new pair

     Answers that carry tokens say `Cache-Control: no-store`: no cache on the way, and no
    browser's back button, keeps a copy.

    Args:
        body (TokenRefreshRequest): A refresh token, as the last sign-in or refresh gave it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ProblemDetails | TokenPair]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRefreshRequest,
) -> ErrorEnvelope | ProblemDetails | TokenPair | None:
    """Rotate a refresh token: a new pair

     Answers that carry tokens say `Cache-Control: no-store`: no cache on the way, and no
    browser's back button, keeps a copy.

    Args:
        body (TokenRefreshRequest): A refresh token, as the last sign-in or refresh gave it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ProblemDetails | TokenPair
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
