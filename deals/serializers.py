"""Input and output shapes of the deal endpoints, with every validation rule of the contract."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from api.fields import (
    SPACES,
    Documented,
    PatternField,
    StrictBodyMixin,
    StrictIntegerField,
    ecma,
    text,
)
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
from errors import exceptions as app_errors

_MAX = f"{MAX_PRICE:.0f}"  # a power of ten: 1 followed by zeros
# 0.01 to MAX_PRICE, at most 2 decimal places, written plainly: no sign, exponent, leading zero
# or spaces.
PRICE_PATTERN = (
    rf"\A(?:[1-9][0-9]{{0,{len(_MAX) - 2}}}(?:\.[0-9]{{1,2}})?"
    rf"|{_MAX}(?:\.00?)?|0\.(?:0[1-9]|[1-9][0-9]?))\Z"
)
_PRICE_RULE = f"Must be a decimal from 0.01 to {_MAX}, with at most 2 decimal places."


class PriceField(Documented, serializers.DecimalField):
    """A price as a string matching PRICE_PATTERN; anything else is refused, nothing is rounded."""

    pattern = PRICE_PATTERN

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            max_digits=12,
            decimal_places=2,
            error_messages=dict.fromkeys(("invalid", "max_string_length"), _PRICE_RULE),
            **kwargs,
        )

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        # DRF reads "" as null for a nullable number; here it is not a price, and null is null.
        if isinstance(data, str) and not data.strip():
            self.fail("invalid")
        return super().validate_empty_values(data)

    def to_internal_value(self, data: Any) -> Decimal:
        if not isinstance(data, str) or not re.fullmatch(PRICE_PATTERN, data):
            self.fail("invalid")
        return super().to_internal_value(data)

    def schema(self) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": ecma(PRICE_PATTERN),
            "description": f'From 0.01 to {_MAX}, at most 2 decimal places, such as "19.99".',
        }


# http(s)://, a host of ASCII labels (international names in punycode), an optional port, then
# a path, query or fragment of anything but spaces and control characters.
_URL_CHARACTER = rf"[^{SPACES}\x00-\x20\x7f-\x9f]"
URL_PATTERN = (
    r"\A(?:[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?(?::[0-9]{1,5})?"
    rf"(?:[/?#]{_URL_CHARACTER}*)?)?\Z"
)


class DealSerializer(StrictBodyMixin, serializers.ModelSerializer):
    """A deal: what it costs, what it cost before, where to find it."""

    title = text(TITLE_MIN_LENGTH, TITLE_MAX_LENGTH, trimmed=True)
    description = text(0, DESCRIPTION_MAX_LENGTH, required=False, default="")
    price = PriceField()
    original_price = PriceField(required=False, allow_null=True, default=None)
    currency = serializers.ChoiceField(
        choices=sorted(ISO_4217_CODES),
        required=False,
        default="USD",
        error_messages={
            "invalid_choice": 'Must be an ISO 4217 currency code in capitals, such as "USD".'
        },
    )
    url = PatternField(
        pattern=URL_PATTERN,
        message=f"Must be an http:// or https:// URL of at most {URL_MAX_LENGTH} characters: "
        "a host in ASCII (punycode for international names), no user name or password, "
        "no spaces.",
        max_length=URL_MAX_LENGTH,
        required=False,
        default="",
    )
    category = serializers.ChoiceField(
        choices=Category.choices, required=False, default=Category.OTHER
    )
    # A new deal starts at version 1: a create body has no version (sent anyway, it is ignored).
    version = serializers.IntegerField(read_only=True)
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

    def validate_url(self, value: str) -> str:
        scheme, separator, rest = value.partition("://")
        return f"{scheme.lower()}{separator}{rest}"

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


@extend_schema_serializer(component_name="DealUpdate")
class DealUpdateSerializer(DealSerializer):
    """PATCH and PUT: the version read must come along, as `version` (what the document
    requires) or as If-Match (`*` for any); with neither, 428."""

    version = StrictIntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="The version you read (409 if it is no longer current).",
    )

    def __init__(
        self, *args: Any, if_match_version: int | str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.if_match_version = if_match_version
        if if_match_version is not None:
            self.fields["version"].required = False

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, Mapping) and "version" not in data and self.if_match_version is None:
            raise app_errors.PreconditionRequiredError(
                details={
                    "If-Match": ['The ETag from GET, such as "3", or * for any version.'],
                    "version": ["Or the version you read, in the body."],
                }
            )
        return super().to_internal_value(data)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        attrs.setdefault("version", self.if_match_version)
        return attrs


class LatestAnalysisSerializer(serializers.Serializer):
    """The newest succeeded analysis of a deal, as its line in a list shows it."""

    id = serializers.IntegerField()
    verdict = serializers.ChoiceField(choices=("buy", "wait", "skip"))
    score = serializers.IntegerField(min_value=0, max_value=100)


@extend_schema_serializer(component_name="DealListItem")
class DealListItemSerializer(DealSerializer):
    """A deal in a list, with its latest verdict (null before its first successful analysis),
    so that a page of deals is one request."""

    latest_analysis = serializers.SerializerMethodField()

    class Meta(DealSerializer.Meta):
        fields = (*DealSerializer.Meta.fields, "latest_analysis")

    @extend_schema_field(LatestAnalysisSerializer(allow_null=True))
    def get_latest_analysis(self, deal: Deal) -> dict[str, Any] | None:
        return getattr(deal, "latest_analysis", None)
