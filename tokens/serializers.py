"""Input and output shapes of the token endpoints."""

from __future__ import annotations

from rest_framework import serializers

from api.fields import StrictBodyMixin, StrictIntegerField, text
from tokens.ledger import AMOUNT_RULE, MAX_AMOUNT, SPENDING_RULE
from tokens.models import SPENDING_TYPES, TokenTransaction, TransactionType


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


class DeductSerializer(StrictBodyMixin, serializers.Serializer):
    """The amount's range and what may be spent are the ledger service's rules (it checks them
    for every caller); stated here from its constants, so the document shows them too."""

    amount = StrictIntegerField(
        min_value=1,
        max_value=MAX_AMOUNT,
        error_messages=dict.fromkeys(("min_value", "max_value"), AMOUNT_RULE),
    )
    transaction_type = serializers.ChoiceField(
        choices=sorted(SPENDING_TYPES),
        required=False,
        default=TransactionType.AI_USAGE,
        error_messages={"invalid_choice": SPENDING_RULE},
    )
    description = text(0, 255, required=False, default="")


class DeductResultSerializer(serializers.Serializer):
    balance = serializers.IntegerField()
    available = serializers.IntegerField()
    transaction = TransactionSerializer()
