"""Admin for operators: analyses with their attempts and error codes; re-queue failed ones."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from ai.attempts import Outcome
from ai.models import Analysis, LLMAttempt
from ai.providers import RulesProvider
from ai.services import analysis_retry
from errors import exceptions as app_errors
from errors.base import CATALOGUE
from supportdesk.actions import GuardedActionsMixin, ReadOnlyAdminMixin
from supportdesk.paginator import GrowingTableAdminMixin
from supportdesk.search import fixed_choices_filter

# What support reads of an attempt, on its analysis's page and in the list of all attempts.
ATTEMPT_COLUMNS = (
    "created_at",
    "run",
    "provider",
    "model",
    "outcome",
    "status_code",
    "latency_ms",
    "waited_ms",
    "usage_tokens",
    "provider_request_id",
    "error_class",
)


class AttemptInline(admin.TabularInline):
    model = LLMAttempt
    fields = ATTEMPT_COLUMNS
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(LLMAttempt)
class LLMAttemptAdmin(ReadOnlyAdminMixin, GrowingTableAdminMixin, admin.ModelAdmin):
    """Every call to a provider, newest first: what operators read when a provider fails."""

    list_display = ("analysis", *ATTEMPT_COLUMNS)
    list_filter = (
        fixed_choices_filter("provider", "provider", ["primary", "fallback"]),
        fixed_choices_filter("outcome", "outcome", [outcome.value for outcome in Outcome]),
        "created_at",
    )
    search_fields = ("analysis__id",)
    search_help_text = "An analysis id, exactly."
    exact_search_ids = ("analysis_id",)
    list_select_related = ("analysis",)


@admin.register(Analysis)
class AnalysisAdmin(GuardedActionsMixin, GrowingTableAdminMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "deal",
        "user",
        "status",
        "provider",
        "degraded",
        "error_code",
        "cost",
        "runs",
        "created_at",
        "finished_at",
    )
    # Choices known in advance, not read from the table.
    list_filter = (
        "status",
        fixed_choices_filter("provider", "provider", ["primary", "fallback", RulesProvider.name]),
        "degraded",
        fixed_choices_filter("error code", "error_code", sorted(CATALOGUE)),
        "created_at",
    )
    search_fields = ("request_id", "user__email")
    search_help_text = "A request id, a user's email or an analysis id, exactly."
    exact_search_fields = ("request_id",)
    exact_search_user = "user"
    exact_search_ids = ("pk",)
    list_select_related = ("deal", "user")
    readonly_fields = (
        "deal",
        "user",
        "status",
        "cost",
        "hold",
        "result",
        "provider",
        "degraded",
        "error_code",
        "error_message",
        "request_id",
        "run_token",
        "runs",
        "created_at",
        "started_at",
        "finished_at",
    )
    fields = readonly_fields
    inlines = (AttemptInline,)
    actions = ("requeue_failed",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_requeue_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("ai.requeue_analysis")

    @admin.action(
        permissions=["requeue"],
        description="Re-queue failed analyses (charged only if they succeed)",
    )
    def requeue_failed(self, request: HttpRequest, queryset: QuerySet[Analysis]) -> None:
        for analysis in queryset:
            try:
                analysis_retry(analysis_id=analysis.pk)
            except app_errors.AppError as error:
                self.message_user(
                    request, f"Analysis {analysis.pk}: {error.message}", messages.ERROR
                )
            else:
                self.message_user(request, f"Analysis {analysis.pk} re-queued.", messages.SUCCESS)
