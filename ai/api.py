"""POST /api/v1/deals/{id}/analyses (202) and GET /api/v1/analyses/{id}."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ai import services
from ai.serializers import AnalysisQueuedSerializer, AnalysisSerializer
from errors import exceptions as app_errors
from idempotency.views import IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_PARAMETER, idempotent
from throttling.throttles import DEFAULT_THROTTLES, AnalysisThrottle


@idempotent("post", body=False)
class DealAnalysisApi(APIView):
    throttle_classes = (*DEFAULT_THROTTLES, AnalysisThrottle)
    error_codes = (
        app_errors.NotOwnerError,
        app_errors.InsufficientBalanceError,
        app_errors.ResourceLockedError,
        *IDEMPOTENCY_ERRORS,
    )

    @extend_schema(
        request=None,
        responses={202: AnalysisQueuedSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        operation_id="deals_analyse",
    )
    def post(self, request: Request, deal_id: str) -> Response:
        analysis = services.analysis_request(user=request.user, deal_id=int(deal_id))
        return Response(AnalysisQueuedSerializer(analysis).data, status=status.HTTP_202_ACCEPTED)


class AnalysisDetailApi(APIView):
    error_codes = (app_errors.NotOwnerError,)

    @extend_schema(responses=AnalysisSerializer, operation_id="analyses_retrieve")
    def get(self, request: Request, analysis_id: str) -> Response:
        analysis = services.analysis_get(analysis_id=int(analysis_id), user=request.user)
        return Response(AnalysisSerializer(analysis).data)
