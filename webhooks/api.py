"""Webhook endpoints (list, create, read, change, delete, a new secret, a test ping) and their
deliveries (list, send again)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.views import NoStore
from errors import exceptions as app_errors
from throttling.throttles import DEFAULT_THROTTLES, WebhookSendThrottle
from webhooks import services
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.serializers import (
    WebhookDeliverySerializer,
    WebhookEndpointSerializer,
    WebhookEndpointUpdateSerializer,
    WebhookEndpointWithSecretSerializer,
)

_NOT_OWNER = (app_errors.NotOwnerError,)


def _endpoint(request: Request, endpoint_id: str) -> WebhookEndpoint:
    return services.endpoint_get(endpoint_id=int(endpoint_id), user=request.user)


def _with_secret(endpoint: WebhookEndpoint, secret: str) -> dict[str, Any]:
    return WebhookEndpointWithSecretSerializer(endpoint, context={"secret": secret}).data


def _accepted(delivery: WebhookDelivery) -> Response:
    return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class EndpointListApi(NoStore, GenericAPIView):
    serializer_class = WebhookEndpointSerializer

    def get_queryset(self) -> QuerySet[WebhookEndpoint]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator has no user
            return WebhookEndpoint.objects.none()
        return services.endpoint_list(owner=self.request.user)

    @extend_schema(
        operation_id="webhooks_endpoints_list", responses=WebhookEndpointSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(WebhookEndpointSerializer(page, many=True).data)

    @extend_schema(
        operation_id="webhooks_endpoints_create",
        request=WebhookEndpointSerializer,
        responses={201: WebhookEndpointWithSecretSerializer},
        description="The answer carries the endpoint's signing `secret`, this once only.",
    )
    def post(self, request: Request) -> Response:
        serializer = WebhookEndpointSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint, secret = services.endpoint_create(owner=request.user, **serializer.validated_data)
        return Response(
            _with_secret(endpoint, secret),
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/webhooks/endpoints/{endpoint.pk}"},
        )


class EndpointDetailApi(GenericAPIView):
    serializer_class = WebhookEndpointSerializer
    error_codes = {"get": _NOT_OWNER, "patch": _NOT_OWNER, "delete": _NOT_OWNER}

    def get_object(self) -> WebhookEndpoint:
        return _endpoint(self.request, self.kwargs["endpoint_id"])

    @extend_schema(operation_id="webhooks_endpoints_retrieve")
    def get(self, request: Request, endpoint_id: str) -> Response:
        return Response(WebhookEndpointSerializer(self.get_object()).data)

    @extend_schema(
        operation_id="webhooks_endpoints_partial_update",
        request=WebhookEndpointUpdateSerializer,
        responses=WebhookEndpointSerializer,
        description="Changes the fields sent; `enabled: true` also forgets past failures.",
    )
    def patch(self, request: Request, endpoint_id: str) -> Response:
        endpoint = self.get_object()
        serializer = WebhookEndpointUpdateSerializer(endpoint, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        endpoint = services.endpoint_update(
            endpoint=endpoint, fields=dict(serializer.validated_data)
        )
        return Response(WebhookEndpointSerializer(endpoint).data)

    @extend_schema(operation_id="webhooks_endpoints_destroy", responses={204: None})
    def delete(self, request: Request, endpoint_id: str) -> Response:
        services.endpoint_delete(endpoint=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class EndpointRotateSecretApi(NoStore, APIView):
    error_codes = _NOT_OWNER

    @extend_schema(
        operation_id="webhooks_endpoints_rotate_secret",
        request=None,
        responses=WebhookEndpointWithSecretSerializer,
        description="A new signing `secret`, shown this once; for 24 hours the old one signs "
        "too, so receivers can switch without losing an event.",
    )
    def post(self, request: Request, endpoint_id: str) -> Response:
        endpoint, secret = services.secret_rotate(endpoint=_endpoint(request, endpoint_id))
        return Response(_with_secret(endpoint, secret))


class EndpointTestApi(APIView):
    error_codes = _NOT_OWNER
    throttle_classes = (*DEFAULT_THROTTLES, WebhookSendThrottle)

    @extend_schema(
        operation_id="webhooks_endpoints_test",
        request=None,
        responses={202: WebhookDeliverySerializer},
        description="Sends a `ping` event to this endpoint alone, enabled or not.",
    )
    def post(self, request: Request, endpoint_id: str) -> Response:
        return _accepted(services.endpoint_test(endpoint=_endpoint(request, endpoint_id)))


class DeliveryListApi(GenericAPIView):
    serializer_class = WebhookDeliverySerializer
    error_codes = _NOT_OWNER

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator has no user
            return WebhookDelivery.objects.none()
        endpoint = _endpoint(self.request, self.kwargs["endpoint_id"])
        return services.delivery_list(endpoint=endpoint)

    @extend_schema(
        operation_id="webhooks_deliveries_list", responses=WebhookDeliverySerializer(many=True)
    )
    def get(self, request: Request, endpoint_id: str) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)


class DeliveryRetryApi(APIView):
    error_codes = _NOT_OWNER
    throttle_classes = (*DEFAULT_THROTTLES, WebhookSendThrottle)

    @extend_schema(
        operation_id="webhooks_deliveries_retry",
        request=None,
        responses={202: WebhookDeliverySerializer},
        description="Sends the delivery again now, with the same `webhook-id`; its attempts "
        "start over.",
    )
    def post(self, request: Request, endpoint_id: str, delivery_id: str) -> Response:
        endpoint = _endpoint(request, endpoint_id)
        delivery = services.delivery_get(endpoint=endpoint, delivery_id=int(delivery_id))
        return _accepted(services.delivery_retry(delivery=delivery))
