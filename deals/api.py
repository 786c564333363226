"""GET/POST /api/v1/deals and GET/PATCH/PUT/DELETE /api/v1/deals/{id}."""

from __future__ import annotations

import re
from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from deals import services
from deals.filters import DealFilter
from deals.models import Deal
from deals.serializers import (
    ANY_VERSION,
    DealListItemSerializer,
    DealSerializer,
    DealUpdateSerializer,
)
from errors import exceptions as app_errors
from idempotency.views import IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_PARAMETER, idempotent

IF_MATCH_PATTERN = r'^(\*|(W/)?"?[1-9][0-9]{0,9}"?)$'
_UPDATE_RULE = (
    "The body names the `version` you read: if the deal has moved on since, nothing changes and "
    "the answer is 409 `CONFLICT_VERSION_MISMATCH` with the current version. In place of "
    '`version`, the ETag (`"3"`, or `*` for whatever version is current) may come as If-Match; '
    "a request with neither is answered 428."
)

IF_MATCH_DELETE_PARAMETER = OpenApiParameter(
    name="If-Match",
    type={"type": "string", "pattern": IF_MATCH_PATTERN},
    location=OpenApiParameter.HEADER,
    required=False,
    description='The ETag from GET (`"3"`): the deal is deleted only if it is still at that '
    "version (409 `CONFLICT_VERSION_MISMATCH` otherwise, nothing deleted). Without it, or with "
    "`*`, whatever version is current is deleted.",
)


class DealUpdateSchema(OpenApiSerializerExtension):
    """`version` is required in PATCH bodies too: drf-spectacular makes every field of a PATCH
    body optional, and the version read is the one a PATCH cannot leave out."""

    target_class = DealUpdateSerializer

    def map_serializer(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = [*(schema.get("required") or []), "version"]
        schema["required"] = sorted(set(schema["required"]), key=schema["required"].index)
        return schema


def _if_match_version(request: Request) -> int | str | None:
    """The version If-Match names, ANY_VERSION for `*`, None without the header."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    header = header.strip()
    if not re.fullmatch(IF_MATCH_PATTERN, header):
        rule = 'Send the ETag from GET, such as "3", or *.'
        raise app_errors.ValidationError(
            f"Invalid If-Match header: {rule[0].lower()}{rule[1:]}", details={"If-Match": [rule]}
        )
    return ANY_VERSION if header == ANY_VERSION else int(header.removeprefix("W/").strip('"'))


def _with_etag(response: Response, deal: Deal) -> Response:
    response["ETag"] = deal.etag
    return response


@idempotent("post")
class DealListApi(GenericAPIView):
    serializer_class = DealSerializer
    etag_methods = frozenset({"POST"})
    filter_backends = (DjangoFilterBackend,)
    filterset_class = DealFilter
    error_codes = {"post": (app_errors.DuplicateDealError, *IDEMPOTENCY_ERRORS)}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator has no user
            return Deal.objects.none()
        return services.deal_list(owner=self.request.user)

    @extend_schema(operation_id="deals_list", responses=DealListItemSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(DealListItemSerializer(page, many=True).data)

    @extend_schema(
        operation_id="deals_create",
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={201: DealSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = DealSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        deal = services.deal_create(owner=request.user, **serializer.validated_data)
        created = Response(
            DealSerializer(deal).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/deals/{deal.pk}"},
        )
        return _with_etag(created, deal)


class DealDetailApi(GenericAPIView):
    serializer_class = DealSerializer
    etag_methods = frozenset({"GET", "PUT", "PATCH"})
    _WRITE_ERRORS = (
        app_errors.NotOwnerError,
        app_errors.PreconditionRequiredError,
        app_errors.VersionMismatchError,
        app_errors.DuplicateDealError,
    )
    error_codes = {
        "get": (app_errors.NotOwnerError,),
        "put": _WRITE_ERRORS,
        "patch": _WRITE_ERRORS,
        "delete": (
            app_errors.NotOwnerError,
            app_errors.VersionMismatchError,
            app_errors.ValidationError,
        ),
    }

    def get_object(self) -> Deal:
        # DRF's OPTIONS metadata asks for the object too; without this it would fail with a 500.
        return services.deal_get(deal_id=int(self.kwargs["deal_id"]), user=self.request.user)

    @extend_schema(operation_id="deals_retrieve")
    def get(self, request: Request, deal_id: str) -> Response:
        deal = self.get_object()
        return _with_etag(Response(DealSerializer(deal).data), deal)

    def _update(self, request: Request, deal_id: str, *, partial: bool) -> Response:
        deal = self.get_object()
        serializer = DealUpdateSerializer(
            deal, data=request.data, partial=partial, if_match_version=_if_match_version(request)
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        version = fields.pop("version")
        deal = services.deal_update(
            deal=deal,
            user=request.user,
            expected_version=None if version == ANY_VERSION else version,
            fields=fields,
        )
        return _with_etag(Response(DealSerializer(deal).data), deal)

    @extend_schema(
        operation_id="deals_partial_update",
        request=DealUpdateSerializer,
        responses=DealSerializer,
        description="Changes the fields sent. " + _UPDATE_RULE,
    )
    def patch(self, request: Request, deal_id: str) -> Response:
        return self._update(request, deal_id, partial=True)

    @extend_schema(
        operation_id="deals_update",
        request=DealUpdateSerializer,
        responses=DealSerializer,
        description="Replaces every field. " + _UPDATE_RULE,
    )
    def put(self, request: Request, deal_id: str) -> Response:
        return self._update(request, deal_id, partial=False)

    @extend_schema(
        operation_id="deals_destroy",
        responses={204: None},
        parameters=[IF_MATCH_DELETE_PARAMETER],
    )
    def delete(self, request: Request, deal_id: str) -> Response:
        version = _if_match_version(request)
        expected = None if version in (None, ANY_VERSION) else version
        services.deal_delete(deal=self.get_object(), expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)
