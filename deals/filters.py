"""List filters: category, price range and search in the title, each documented as checked."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema_field

from api.fields import UNSAVABLE, ecma, text_pattern
from api.filters import PresentMeansGiven
from deals.models import MAX_PRICE, TITLE_MAX_LENGTH, Category, Deal

_BOUND_RULE = f"Must be a number from 0 to {MAX_PRICE:.0f}."
_PRICE_BOUND = {
    "field_name": "price",
    "min_value": 0,
    "max_value": MAX_PRICE,
    "error_messages": dict.fromkeys(
        ("invalid", "max_value", "min_value", "max_digits", "max_whole_digits"), _BOUND_RULE
    ),
}
_PRICE_BOUND_SCHEMA = {"type": "number", "minimum": 0, "maximum": int(MAX_PRICE)}


class DealFilter(PresentMeansGiven):
    category = extend_schema_field({"$ref": "#/components/schemas/CategoryEnum"})(
        django_filters.ChoiceFilter(choices=Category.choices)
    )
    min_price = extend_schema_field(_PRICE_BOUND_SCHEMA)(
        django_filters.NumberFilter(lookup_expr="gte", **_PRICE_BOUND)
    )
    max_price = extend_schema_field(_PRICE_BOUND_SCHEMA)(
        django_filters.NumberFilter(lookup_expr="lte", **_PRICE_BOUND)
    )
    search = extend_schema_field(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": TITLE_MAX_LENGTH,
            "pattern": ecma(text_pattern()),
        }
    )(
        django_filters.CharFilter(
            field_name="title",
            lookup_expr="icontains",
            max_length=TITLE_MAX_LENGTH,
            strip=False,
            error_messages={
                "max_length": f"Must be at most {TITLE_MAX_LENGTH} characters.",
                "null_characters_not_allowed": UNSAVABLE,
            },
        )
    )

    class Meta:
        model = Deal
        fields = ("category", "min_price", "max_price", "search")
