"""Output shapes of the analysis endpoints."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ai.models import Analysis, AnalysisStatus
from errors import exceptions as app_errors


class ChargedCostField(serializers.IntegerField):
    """Tokens the analysis costs its user, never more than it was charged."""

    HELP = (
        "Tokens: while queued or running, what success will charge (held meanwhile); once "
        "succeeded, what was charged; 0 when it failed, since nothing was."
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, help_text=self.HELP, **kwargs)

    def to_representation(self, analysis: Analysis) -> int:
        return 0 if analysis.status == AnalysisStatus.FAILED else analysis.cost


class AnalysisQueuedSerializer(serializers.ModelSerializer):
    deal_id = serializers.IntegerField(read_only=True)
    cost = ChargedCostField()

    class Meta:
        model = Analysis
        fields = ("id", "deal_id", "status", "cost", "created_at")
        read_only_fields = fields


# What a failed analysis can end with (ai.runs): every provider down, only bad output, or a bug.
FAILURE_CODES = (
    app_errors.AIUnavailableError.code,
    app_errors.AIInvalidResponseError.code,
    app_errors.UnhandledError.code,
)


class AnalysisErrorSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=FAILURE_CODES)
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
    cost = ChargedCostField()

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
