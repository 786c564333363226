"""Input and output shapes of the token endpoints."""

from __future__ import annotations

from rest_framework import serializers

from errors.fields import StrictIntegerField
from tokens.models import SPENDING_TYPES, TokenTransaction, TransactionType
from tokens.services import MAX_AMOUNT


class BalanceSerializer(serializers.Serializer):
    balance = serializers.IntegerField()
    held = serializers.IntegerField()
    available = serializers.IntegerField()
    lifetime_earned = serializers.IntegerField()
    lifetime_spent = serializers.IntegerField()


class TransactionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TokenTransaction
        fields = (
            "id",
            "transaction_type",
            "amount",
            "balance_after",
            "description",
            "reference_id",
            "created_at",
        )
        read_only_fields = fields


class DeductSerializer(serializers.Serializer):
    amount = StrictIntegerField(min_value=1, max_value=MAX_AMOUNT)
    transaction_type = serializers.ChoiceField(
        choices=TransactionType.choices, default=TransactionType.AI_USAGE
    )
    description = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )

    def validate_transaction_type(self, value: str) -> str:
        if value not in SPENDING_TYPES:
            allowed = ", ".join(sorted(SPENDING_TYPES))
            raise serializers.ValidationError(
                f"'{value}' adds tokens and cannot be spent; spending types: {allowed}."
            )
        return value


class DeductResultSerializer(serializers.Serializer):
    balance = serializers.IntegerField()
    available = serializers.IntegerField()
    transaction = TransactionSerializer()
