"""Input and output shapes of the deal endpoints, with every validation rule of the contract."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from rest_framework import serializers

from deals.currencies import ISO_4217_CODES
from deals.models import (
    DESCRIPTION_MAX_LENGTH,
    MAX_PRICE,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    URL_MAX_LENGTH,
    Category,
    Deal,
)
from errors.fields import StrictIntegerField, StrictTypesMixin

_PRICE_RANGE = f"Must be a decimal from 0.01 to {MAX_PRICE:.0f}, with at most 2 decimal places."
PRICE = {
    "max_digits": 12,
    "decimal_places": 2,
    "min_value": Decimal("0.01"),
    "max_value": MAX_PRICE,
    "error_messages": {
        key: _PRICE_RANGE
        for key in (
            "invalid",
            "max_value",
            "min_value",
            "max_digits",
            "max_decimal_places",
            "max_whole_digits",
        )
    },
}


class DealSerializer(StrictTypesMixin, serializers.ModelSerializer):
    title = serializers.CharField(min_length=TITLE_MIN_LENGTH, max_length=TITLE_MAX_LENGTH)
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    price = serializers.DecimalField(**PRICE)
    original_price = serializers.DecimalField(
        **PRICE, required=False, allow_null=True, default=None
    )
    currency = serializers.CharField(required=False, default="USD", max_length=3)
    url = serializers.CharField(
        max_length=URL_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=True,
    )
    category = serializers.ChoiceField(
        choices=Category.choices, required=False, default=Category.OTHER
    )
    version = StrictIntegerField(min_value=1, required=False)
    discount_percent = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Computed: how far below original_price."
    )

    class Meta:
        model = Deal
        fields = (
            "id",
            "title",
            "description",
            "price",
            "original_price",
            "currency",
            "url",
            "category",
            "discount_percent",
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("id", "discount_percent", "created_at", "updated_at")

    def validate_title(self, value: str) -> str:
        if len(value.strip()) < TITLE_MIN_LENGTH:
            raise serializers.ValidationError(
                f"Ensure this field has at least {TITLE_MIN_LENGTH} characters besides spaces."
            )
        return value

    def validate_currency(self, value: str) -> str:
        code = value.strip().upper()
        if code not in ISO_4217_CODES:
            raise serializers.ValidationError(f"'{value}' is not an ISO 4217 currency code.")
        return code

    def validate_url(self, value: str) -> str:
        if not value:
            return ""
        try:
            parts = urlsplit(value)
            valid = parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)
        except ValueError:
            valid = False
        if not valid or any(character.isspace() for character in value):
            raise serializers.ValidationError("Enter an http:// or https:// URL.")
        return parts._replace(scheme=parts.scheme.lower()).geturl()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        price = attrs.get("price", getattr(self.instance, "price", None))
        original = attrs.get("original_price", getattr(self.instance, "original_price", None))
        if price is not None and original is not None and original <= price:
            raise serializers.ValidationError(
                {
                    "original_price": [
                        "Must be above the price (it is the price before the discount)."
                    ]
                }
            )
        return attrs


ANY_VERSION = "*"


class DealUpdateSerializer(DealSerializer):
    """PATCH and PUT: the version read must come along (or as If-Match; `*` for any)."""

    def __init__(
        self, *args: Any, if_match_version: int | str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.if_match_version = if_match_version

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if "version" not in attrs:
            if self.if_match_version is None:
                raise serializers.ValidationError(
                    {"version": ["Send the version you read, in the body or as If-Match."]}
                )
            attrs["version"] = self.if_match_version
        return attrs
