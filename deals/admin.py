"""Admin for support staff: deals with owner, price and discount, filters and search."""

from django.contrib import admin

from deals.models import Deal


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
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
    list_filter = ("category", "currency", "created_at")
    search_fields = ("title", "url", "owner__email")
    list_select_related = ("owner",)
    readonly_fields = ("version", "created_at", "updated_at")
    raw_id_fields = ("owner",)
    date_hierarchy = "created_at"

    @admin.display(description="discount %")
    def discount(self, deal: Deal) -> str:
        return "" if deal.discount_percent is None else f"{deal.discount_percent}%"
