"""List filters: category, price range, and search in the title."""

from __future__ import annotations

import django_filters

from deals.models import MAX_PRICE, Category, Deal

_PRICE_BOUND = {
    "field_name": "price",
    "min_value": 0,
    "max_value": MAX_PRICE,
    "error_messages": {
        "invalid": f"Must be a number from 0 to {MAX_PRICE:.0f}.",
        "max_value": f"Must be a number from 0 to {MAX_PRICE:.0f}.",
        "min_value": f"Must be a number from 0 to {MAX_PRICE:.0f}.",
        "max_digits": f"Must be a number from 0 to {MAX_PRICE:.0f}.",
        "max_decimal_places": "Must have at most 2 decimal places.",
        "max_whole_digits": f"Must be a number from 0 to {MAX_PRICE:.0f}.",
    },
}


class DealFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices)
    min_price = django_filters.NumberFilter(lookup_expr="gte", **_PRICE_BOUND)
    max_price = django_filters.NumberFilter(lookup_expr="lte", **_PRICE_BOUND)
    search = django_filters.CharFilter(field_name="title", lookup_expr="icontains", max_length=100)

    class Meta:
        model = Deal
        fields = ("category", "min_price", "max_price", "search")
