from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deal import Deal
from ...models.deal_update_request import DealUpdateRequest
from ...models.error_envelope import ErrorEnvelope
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    deal_id: int,
    *,
    body: DealUpdateRequest,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/deals/{deal_id}".format(
            deal_id=quote(str(deal_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Deal | ErrorEnvelope | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = Deal.from_dict(response.json())

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

    if response.status_code == 403:

        def _parse_response_403(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_403_type_0 = ErrorEnvelope.from_dict(data)

                return response_403_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_403_type_1 = ProblemDetails.from_dict(data)

            return response_403_type_1

        response_403 = _parse_response_403(response.json())

        return response_403

    if response.status_code == 404:

        def _parse_response_404(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_404_type_0 = ErrorEnvelope.from_dict(data)

                return response_404_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_404_type_1 = ProblemDetails.from_dict(data)

            return response_404_type_1

        response_404 = _parse_response_404(response.json())

        return response_404

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

    if response.status_code == 428:

        def _parse_response_428(data: object) -> ErrorEnvelope | ProblemDetails:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_428_type_0 = ErrorEnvelope.from_dict(data)

                return response_428_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_428_type_1 = ProblemDetails.from_dict(data)

            return response_428_type_1

        response_428 = _parse_response_428(response.json())

        return response_428

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
) -> Response[Deal | ErrorEnvelope | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    deal_id: int,
    *,
    client: AuthenticatedClient,
    body: DealUpdateRequest,
    if_match: str | Unset = UNSET,
) -> Response[Deal | ErrorEnvelope | ProblemDetails]:
    """Replace a deal

    Args:
        deal_id (int):
        if_match (str | Unset):
        body (DealUpdateRequest): PATCH and PUT: the version read must come along (or as If-Match;
            `*` for any).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Deal | ErrorEnvelope | ProblemDetails]
    """

    kwargs = _get_kwargs(
        deal_id=deal_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    deal_id: int,
    *,
    client: AuthenticatedClient,
    body: DealUpdateRequest,
    if_match: str | Unset = UNSET,
) -> Deal | ErrorEnvelope | ProblemDetails | None:
    """Replace a deal

    Args:
        deal_id (int):
        if_match (str | Unset):
        body (DealUpdateRequest): PATCH and PUT: the version read must come along (or as If-Match;
            `*` for any).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Deal | ErrorEnvelope | ProblemDetails
    """

    return sync_detailed(
        deal_id=deal_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    deal_id: int,
    *,
    client: AuthenticatedClient,
    body: DealUpdateRequest,
    if_match: str | Unset = UNSET,
) -> Response[Deal | ErrorEnvelope | ProblemDetails]:
    """Replace a deal

    Args:
        deal_id (int):
        if_match (str | Unset):
        body (DealUpdateRequest): PATCH and PUT: the version read must come along (or as If-Match;
            `*` for any).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Deal | ErrorEnvelope | ProblemDetails]
    """

    kwargs = _get_kwargs(
        deal_id=deal_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    deal_id: int,
    *,
    client: AuthenticatedClient,
    body: DealUpdateRequest,
    if_match: str | Unset = UNSET,
) -> Deal | ErrorEnvelope | ProblemDetails | None:
    """Replace a deal

    Args:
        deal_id (int):
        if_match (str | Unset):
        body (DealUpdateRequest): PATCH and PUT: the version read must come along (or as If-Match;
            `*` for any).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Deal | ErrorEnvelope | ProblemDetails
    """

    return (
        await asyncio_detailed(
            deal_id=deal_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
