"""Admin for support staff: deals with owner, price and discount, filters and search."""

from django.contrib import admin

from deals.models import Deal
from supportdesk.paginator import GrowingTableAdminMixin


@admin.register(Deal)
class DealAdmin(GrowingTableAdminMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "owner",
        "price",
        "original_price",
        "discount",
        "currency",
        "category",
        "version",
        "created_at",
    )
    list_filter = ("category", "created_at")
    # The owner's email or the deal's id, exactly: a substring of every title is a full read.
    search_fields = ("owner__email",)
    search_help_text = "The owner's email or a deal id, exactly."
    exact_search_user = "owner"
    exact_search_ids = ("pk",)
    list_select_related = ("owner",)
    readonly_fields = ("version", "created_at", "updated_at")
    raw_id_fields = ("owner",)

    @admin.display(description="discount %")
    def discount(self, deal: Deal) -> str:
        return "" if deal.discount_percent is None else f"{deal.discount_percent}%"
