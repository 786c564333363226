"""Read-only admin of stored idempotent outcomes, to answer "did my retry run twice?"."""

from django.contrib import admin

from idempotency.models import IdempotencyRecord
from supportdesk.paginator import GrowingTableAdminMixin


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(GrowingTableAdminMixin, admin.ModelAdmin):
    list_display = ("key", "user", "method", "path", "status", "response_status", "created_at")
    list_filter = ("status", "created_at")
    search_fields = ("key", "request_id", "user__email")
    search_help_text = "An Idempotency-Key, a request id or a user's email, exactly."
    exact_search_fields = ("key", "request_id")
    exact_search_user = "user"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
