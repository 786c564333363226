"""The error catalogue: every code the API answers with, its category, status and meaning."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from errors import exceptions as app_errors
from errors.base import CATALOGUE


class ErrorCatalogueEntrySerializer(serializers.Serializer):
    code = serializers.CharField()
    category = serializers.CharField(source="category.label")
    http_status = serializers.IntegerField(source="status_code")
    message = serializers.CharField()
    retryable = serializers.BooleanField()
    description = serializers.CharField()


class ErrorCatalogueApi(APIView):
    uses_database = False
    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(responses=ErrorCatalogueEntrySerializer(many=True), operation_id="errors_list")
    def get(self, request: Request) -> Response:
        entries = [CATALOGUE[code] for code in sorted(CATALOGUE)]
        return Response(ErrorCatalogueEntrySerializer(entries, many=True).data)


class ErrorCatalogueEntryApi(APIView):
    uses_database = False
    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(responses=ErrorCatalogueEntrySerializer, operation_id="errors_retrieve")
    def get(self, request: Request, code: str) -> Response:
        entry = CATALOGUE.get(code.upper())
        if entry is None:
            raise app_errors.ResourceNotFoundError(f"No error code {code!r} in the catalogue.")
        return Response(ErrorCatalogueEntrySerializer(entry).data)
