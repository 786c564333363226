"""Support desk: find any recorded error by request id or error id."""

from django.contrib import admin

from monitoring.models import ErrorEvent


@admin.register(ErrorEvent)
class ErrorEventAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "code",
        "status",
        "method",
        "path",
        "user",
        "request_id",
        "error_id",
    )
    list_filter = (
        "code",
        "category",
        "status",
        "created_at",
        ("user", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("=request_id", "=error_id", "user__email", "summary")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    readonly_fields = (
        "request_id",
        "error_id",
        "code",
        "category",
        "status",
        "method",
        "path",
        "user",
        "summary",
        "created_at",
    )
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
