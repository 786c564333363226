"""Analyses: ask for one of a deal (202), list a deal's or all of yours, read one."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ai import services
from ai.models import Analysis, AnalysisStatus
from ai.serializers import AnalysisQueuedSerializer, AnalysisSerializer
from api.fields import MAX_ID
from api.filters import PresentMeansGiven
from deals.services import deal_get
from errors import exceptions as app_errors
from idempotency.views import IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_PARAMETER, idempotent
from throttling.throttles import DEFAULT_THROTTLES, AnalysisThrottle


class _IdFilter(django_filters.Filter):
    """A whole number from 1 to MAX_ID: `1.5` or `1e3` is refused, not rounded."""

    field_class = forms.IntegerField


_DEAL_ID_RULE = f"Must be a deal id: a whole number from 1 to {MAX_ID}."


class DealAnalysisFilter(PresentMeansGiven):
    """A deal's analyses: its path names the deal, so only the status filters."""

    status = extend_schema_field({"$ref": "#/components/schemas/AnalysisStatusEnum"})(
        django_filters.ChoiceFilter(choices=AnalysisStatus.choices)
    )

    class Meta:
        model = Analysis
        fields = ("status",)


class AnalysisFilter(DealAnalysisFilter):
    deal = extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})(
        _IdFilter(
            field_name="deal_id",
            min_value=1,
            max_value=MAX_ID,
            error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), _DEAL_ID_RULE),
        )
    )

    class Meta:
        model = Analysis
        fields = ("status", "deal")


class _AnalysisList(GenericAPIView):
    serializer_class = AnalysisSerializer
    filter_backends = (DjangoFilterBackend,)
    filterset_class = AnalysisFilter

    def mine(self) -> QuerySet[Analysis]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator has no user
            return Analysis.objects.none()
        return Analysis.objects.filter(user=self.request.user).order_by("-id")

    def listing(self, queryset: QuerySet[Analysis]) -> Response:
        page = self.paginate_queryset(self.filter_queryset(queryset))
        return self.get_paginated_response(AnalysisSerializer(page, many=True).data)


@idempotent("post", body=False)
class DealAnalysisApi(_AnalysisList):
    filterset_class = DealAnalysisFilter
    throttle_classes = (*DEFAULT_THROTTLES, AnalysisThrottle)
    error_codes = {
        "get": (app_errors.NotOwnerError,),
        "post": (
            app_errors.NotOwnerError,
            app_errors.InsufficientBalanceError,
            app_errors.ResourceLockedError,
            *IDEMPOTENCY_ERRORS,
        ),
    }

    def get_queryset(self) -> QuerySet[Analysis]:
        return self.mine()

    @extend_schema(operation_id="deals_analyses_list", responses=AnalysisSerializer(many=True))
    def get(self, request: Request, deal_id: str) -> Response:
        deal = deal_get(deal_id=int(deal_id), user=request.user)
        return self.listing(self.mine().filter(deal=deal))

    @extend_schema(
        request=None,
        responses={202: AnalysisQueuedSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        operation_id="deals_analyse",
    )
    def post(self, request: Request, deal_id: str) -> Response:
        analysis = services.analysis_request(user=request.user, deal_id=int(deal_id))
        return Response(
            AnalysisQueuedSerializer(analysis).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": f"/api/v1/analyses/{analysis.pk}"},
        )


class AnalysisListApi(_AnalysisList):
    def get_queryset(self) -> QuerySet[Analysis]:
        return self.mine()

    @extend_schema(operation_id="analyses_list", responses=AnalysisSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listing(self.mine())


class AnalysisDetailApi(APIView):
    error_codes = (app_errors.NotOwnerError,)

    @extend_schema(responses=AnalysisSerializer, operation_id="analyses_retrieve")
    def get(self, request: Request, analysis_id: str) -> Response:
        analysis = services.analysis_get(analysis_id=int(analysis_id), user=request.user)
        return Response(AnalysisSerializer(analysis).data)
