"""Output shapes of the analysis endpoints."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ai.models import Analysis


class AnalysisQueuedSerializer(serializers.ModelSerializer):
    deal_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Analysis
        fields = ("id", "deal_id", "status", "cost", "created_at")
        read_only_fields = fields


class AnalysisErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class AnalysisResultSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    verdict = serializers.ChoiceField(choices=["buy", "wait", "skip"])
    summary = serializers.CharField()
    pros = serializers.ListField(child=serializers.CharField())
    cons = serializers.ListField(child=serializers.CharField())
    discount_percent = serializers.FloatField(allow_null=True)
    confidence = serializers.FloatField()


class AnalysisSerializer(serializers.ModelSerializer):
    deal_id = serializers.IntegerField(read_only=True)
    result = AnalysisResultSerializer(allow_null=True, read_only=True)
    error = serializers.SerializerMethodField()

    class Meta:
        model = Analysis
        fields = (
            "id",
            "deal_id",
            "status",
            "result",
            "provider",
            "degraded",
            "error",
            "cost",
            "created_at",
            "finished_at",
        )
        read_only_fields = fields

    @extend_schema_field(AnalysisErrorSerializer(allow_null=True))
    def get_error(self, analysis: Analysis) -> dict[str, Any] | None:
        if not analysis.error_code:
            return None
        return {"code": analysis.error_code, "message": analysis.error_message}
