"""Support desk: find any recorded error by request id or error id, and go on to its user and
its analysis."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from errors.base import CATALOGUE, Category
from monitoring.models import ErrorEvent
from supportdesk.paginator import GrowingTableAdminMixin
from supportdesk.search import fixed_choices_filter


@admin.register(ErrorEvent)
class ErrorEventAdmin(GrowingTableAdminMixin, admin.ModelAdmin):
    # The request id first: it is what a user quotes, and it stays in view on a narrow screen.
    list_display = ("request_id", "created_at", "code", "status", "user", "method", "path")
    # Choices from the catalogue, not from the table: listing the codes found would read it all.
    list_filter = (
        fixed_choices_filter("code", "code", sorted(CATALOGUE)),
        fixed_choices_filter("category", "category", [category.label for category in Category]),
        fixed_choices_filter(
            "status",
            "status",
            [str(status) for status in sorted({entry.status_code for entry in CATALOGUE.values()})],
        ),
        "created_at",
    )
    # Exact matches only, each on an index: what support has is a request id, an error id or
    # an email, and a substring search would read every recorded error.
    search_fields = ("request_id", "error_id", "user__email")
    search_help_text = "A request id, an error id or a user's email, exactly."
    exact_search_fields = ("request_id", "error_id")
    exact_search_user = "user"
    list_select_related = ("user",)
    fields = (
        "request_id",
        "error_id",
        "code",
        "category",
        "status",
        "method",
        "path",
        "user_link",
        "analysis_link",
        "summary",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description="user")
    def user_link(self, event: ErrorEvent) -> str:
        if event.user_id is None:
            return "-"
        url = reverse("admin:accounts_user_change", args=[event.user_id])
        return format_html('<a href="{}">{}</a>', url, event.user)

    @admin.display(description="analysis")
    def analysis_link(self, event: ErrorEvent) -> str:
        if event.analysis_id is None:
            return "-"
        # The analysis page lists its LLM attempts.
        url = reverse("admin:ai_analysis_change", args=[event.analysis_id])
        return format_html(
            '<a href="{}">Analysis {} and its LLM attempts</a>', url, event.analysis_id
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ErrorEvent | None = None) -> bool:
        return False
