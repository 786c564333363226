"""POST /api/v1/client-errors: where a page reports its own uncaught exceptions."""

from __future__ import annotations

import logging

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from throttling.throttles import ClientErrorThrottle
from web.serializers import ClientErrorReportSerializer

logger = logging.getLogger("web.client")


class ClientErrorReportApi(APIView):
    uses_database = False
    # A page reports even when its access token has expired or it has none.
    authentication_classes = ()
    permission_classes = (AllowAny,)
    # Anyone may send reports, and each is a log line: a tight limit per address of its own.
    throttle_classes = (ClientErrorThrottle,)

    @extend_schema(
        request=ClientErrorReportSerializer,
        responses={204: OpenApiResponse(description="Recorded in the log.")},
        operation_id="client_error_report",
    )
    def post(self, request: Request) -> Response:
        serializer = ClientErrorReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = serializer.validated_data
        # The ids come from the page and prove nothing: they are kept apart from the server's
        # own ids (request_id, error_id), and never enter the support desk's records.
        logger.warning(
            "client error reported: %s",
            report["message"],
            extra={
                "client_error": {
                    "kind": report["kind"],
                    "page": report["page"],
                    "stack": report["stack"],
                    "client_supplied": {
                        "page_request_id": report.get("page_request_id"),
                        "last_request_id": report.get("last_request_id"),
                    },
                }
            },
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
