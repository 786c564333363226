"""Read-only admin of stored idempotent outcomes, to answer "did my retry run twice?"."""

from django.contrib import admin

from idempotency.models import IdempotencyRecord
from supportdesk.paginator import GrowingTableAdminMixin


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(GrowingTableAdminMixin, admin.ModelAdmin):
    list_display = ("key", "user", "method", "path", "status", "response_status", "created_at")
    list_filter = ("status", "method")
    search_fields = ("=key", "=user__email", "=request_id")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
