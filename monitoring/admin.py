"""Support desk: find any recorded error by request id or error id, and go on to its user and
its analysis."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from errors.base import CATALOGUE, Category
from monitoring.models import ErrorEvent
from supportdesk.display import UTC_TIME, utc_time
from supportdesk.paginator import GrowingTableAdminMixin
from supportdesk.search import fixed_choices_filter


def _one_line(value: str, css_class: str) -> SafeString | str:
    """A value kept to one line of its column: cut short on screen, whole on hover (title) and
    when copied."""
    if not value:
        return "-"
    return format_html('<span class="{}" title="{}">{}</span>', css_class, value, value)


@admin.register(ErrorEvent)
class ErrorEventAdmin(GrowingTableAdminMixin, admin.ModelAdmin):
    # The request id first: it is what a user quotes. Every column holds one line, so the row
    # reads at 1280 px with the admin's sidebars open (recorded_errors.css). The time is the
    # link, so that the request id is plain text to select and copy.
    list_display = (
        "request_id_text",
        "time",
        "status",
        "code_text",
        "method",
        "path_text",
        "user_text",
    )
    list_display_links = ("time",)
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
        "time",
    )
    readonly_fields = fields

    class Media:
        css = {"all": ("monitoring/recorded_errors.css",)}

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The support desk's widest table takes the navigation sidebar's width on this page; the
        # breadcrumbs lead back.
        context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, context)

    @admin.display(description="request id", ordering="request_id")
    def request_id_text(self, event: ErrorEvent) -> SafeString | str:
        return _one_line(event.request_id, "request-id")

    @admin.display(description=UTC_TIME, ordering="created_at")
    def time(self, event: ErrorEvent) -> SafeString | str:
        return utc_time(event.created_at)

    @admin.display(description="code", ordering="code")
    def code_text(self, event: ErrorEvent) -> SafeString | str:
        return _one_line(event.code, "cut-short")

    @admin.display(description="path", ordering="path")
    def path_text(self, event: ErrorEvent) -> SafeString | str:
        return _one_line(event.path, "cut-short")

    @admin.display(description="user", ordering="user")
    def user_text(self, event: ErrorEvent) -> SafeString | str:
        return _one_line(str(event.user) if event.user_id else "", "cut-short")

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
