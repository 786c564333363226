from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.analysis_status_enum import AnalysisStatusEnum
from ...models.error_envelope import ErrorEnvelope
from ...models.paginated_analysis_list import PaginatedAnalysisList
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    deal_id: int,
    *,
    cursor: str | Unset = UNSET,
    status: AnalysisStatusEnum | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/deals/{deal_id}/analyses".format(
            deal_id=quote(str(deal_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ProblemDetails | PaginatedAnalysisList | None:
    if response.status_code == 200:
        response_200 = PaginatedAnalysisList.from_dict(response.json())

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
) -> Response[ErrorEnvelope | ProblemDetails | PaginatedAnalysisList]:
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
    cursor: str | Unset = UNSET,
    status: AnalysisStatusEnum | Unset = UNSET,
) -> Response[ErrorEnvelope | ProblemDetails | PaginatedAnalysisList]:
    """A deal's analyses, newest first

    Args:
        deal_id (int):
        cursor (str | Unset):
        status (AnalysisStatusEnum | Unset): * `queued` - Queued
            * `running` - Running
            * `succeeded` - Succeeded
            * `failed` - Failed

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ProblemDetails | PaginatedAnalysisList]
    """

    kwargs = _get_kwargs(
        deal_id=deal_id,
        cursor=cursor,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    deal_id: int,
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    status: AnalysisStatusEnum | Unset = UNSET,
) -> ErrorEnvelope | ProblemDetails | PaginatedAnalysisList | None:
    """A deal's analyses, newest first

    Args:
        deal_id (int):
        cursor (str | Unset):
        status (AnalysisStatusEnum | Unset): * `queued` - Queued
            * `running` - Running
            * `succeeded` - Succeeded
            * `failed` - Failed

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ProblemDetails | PaginatedAnalysisList
    """

    return sync_detailed(
        deal_id=deal_id,
        client=client,
        cursor=cursor,
        status=status,
    ).parsed


async def asyncio_detailed(
    deal_id: int,
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    status: AnalysisStatusEnum | Unset = UNSET,
) -> Response[ErrorEnvelope | ProblemDetails | PaginatedAnalysisList]:
    """A deal's analyses, newest first

    Args:
        deal_id (int):
        cursor (str | Unset):
        status (AnalysisStatusEnum | Unset): * `queued` - Queued
            * `running` - Running
            * `succeeded` - Succeeded
            * `failed` - Failed

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ProblemDetails | PaginatedAnalysisList]
    """

    kwargs = _get_kwargs(
        deal_id=deal_id,
        cursor=cursor,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    deal_id: int,
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    status: AnalysisStatusEnum | Unset = UNSET,
) -> ErrorEnvelope | ProblemDetails | PaginatedAnalysisList | None:
    """A deal's analyses, newest first

    Args:
        deal_id (int):
        cursor (str | Unset):
        status (AnalysisStatusEnum | Unset): * `queued` - Queued
            * `running` - Running
            * `succeeded` - Succeeded
            * `failed` - Failed

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ProblemDetails | PaginatedAnalysisList
    """

    return (
        await asyncio_detailed(
            deal_id=deal_id,
            client=client,
            cursor=cursor,
            status=status,
        )
    ).parsed
