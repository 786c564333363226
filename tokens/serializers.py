"""Input and output shapes of the token endpoints."""

from __future__ import annotations

from rest_framework import serializers

from errors.fields import StrictIntegerField
from tokens.models import TokenTransaction, TransactionType


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
    """Types only: the amount's range and what may be spent are the ledger service's rules."""

    amount = StrictIntegerField()
    transaction_type = serializers.CharField(max_length=32, default=TransactionType.AI_USAGE)
    description = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )


class DeductResultSerializer(serializers.Serializer):
    balance = serializers.IntegerField()
    available = serializers.IntegerField()
    transaction = TransactionSerializer()
