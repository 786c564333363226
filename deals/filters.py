"""List filters: category, price range, and search in the title."""

from __future__ import annotations

import django_filters

from deals.models import MAX_PRICE, Category, Deal


class DealFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices)
    min_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="gte", min_value=0, max_value=MAX_PRICE
    )
    max_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="lte", min_value=0, max_value=MAX_PRICE
    )
    search = django_filters.CharFilter(field_name="title", lookup_expr="icontains", max_length=100)

    class Meta:
        model = Deal
        fields = ("category", "min_price", "max_price", "search")
