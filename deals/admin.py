"""Admin for support staff: deals with owner, price and discount, filters and search."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from deals.models import Deal
from deals.services import deal_delete
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

    # Deleting goes through the service, which frees the tokens its analyses hold.
    def delete_model(self, request: HttpRequest, obj: Deal) -> None:
        deal_delete(deal=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Deal]) -> None:
        for deal in queryset:
            deal_delete(deal=deal)
