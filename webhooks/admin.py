"""Admin for support: endpoints (never their secrets) and whether they were disabled, events, and
deliveries, which staff with the replay right send again."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from api.fields import MAX_ID
from supportdesk.actions import GuardedActionsMixin, ReadOnlyAdminMixin
from supportdesk.display import utc_time, utc_time_column
from supportdesk.paginator import GrowingTableAdminMixin
from supportdesk.search import ExactSearchMixin, fixed_choices_filter
from webhooks.events import delivery_again
from webhooks.models import (
    DeliveryStatus,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from webhooks.services import deliveries_replay_failed

REPLAY_PERMISSION = "webhooks.replay_webhookdelivery"


def endpoint_state(endpoint: WebhookEndpoint) -> SafeString | str:
    """What support answers "why do I get no webhooks?" with."""
    if not endpoint.enabled and endpoint.disabled_at is not None:
        return format_html(
            "<strong>Disabled</strong> {} after 5 days of failures", utc_time(endpoint.disabled_at)
        )
    if not endpoint.enabled:
        return format_html("<strong>Disabled</strong> by its owner")
    if endpoint.failing_since is not None:
        return format_html("Failing since {}", utc_time(endpoint.failing_since))
    return "Delivering"


class ReplayPermissionMixin(GuardedActionsMixin):
    def has_replay_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REPLAY_PERMISSION)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(
    ReplayPermissionMixin, ExactSearchMixin, ReadOnlyAdminMixin, admin.ModelAdmin
):
    """Read only: a URL or `enabled` changed here would skip the services' checks (public
    addresses only, the failure clock started over); the owner changes them through the API."""

    list_display = (
        "owner",
        "url",
        "state",
        "enabled",
        utc_time_column("failing_since", "failing since (UTC)"),
        utc_time_column("disabled_at", "disabled (UTC)"),
        utc_time_column("created_at", "created (UTC)"),
        "deliveries_link",
    )
    list_filter = ("enabled",)
    search_fields = ("url", "owner__email")
    search_help_text = "Part of a URL, an owner's email exactly, or an endpoint id."
    exact_search_user = "owner"
    exact_search_ids = ("pk",)
    list_select_related = ("owner",)
    # Never `secret` nor `previous_secret`, not even sealed.
    fields = (
        "owner",
        "url",
        "description",
        "event_types",
        "state",
        "enabled",
        "failing_since",
        "disabled_at",
        "previous_secret_until",
        "created_at",
        "updated_at",
        "deliveries_link",
    )
    readonly_fields = fields
    actions = ("replay_failed",)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint], search_term: str
    ) -> tuple[QuerySet[WebhookEndpoint], bool]:
        exact, _ = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return queryset, False
        return exact | queryset.filter(url__icontains=term), False

    @admin.display(description="state")
    def state(self, endpoint: WebhookEndpoint) -> SafeString | str:
        return endpoint_state(endpoint)

    @admin.display(description="deliveries")
    def deliveries_link(self, endpoint: WebhookEndpoint) -> SafeString:
        url = reverse("admin:webhooks_webhookdelivery_changelist")
        return format_html('<a href="{}?endpoint={}">deliveries</a>', url, endpoint.pk)

    @admin.action(permissions=["replay"], description="Replay failed deliveries")
    def replay_failed(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        replayed = 0
        for endpoint in queryset:
            if not endpoint.enabled:
                self.message_user(
                    request,
                    f"{endpoint.url}: disabled, nothing replayed (its owner enables it first).",
                    messages.WARNING,
                )
                continue
            replayed += deliveries_replay_failed(endpoint=endpoint)
        self.message_user(request, f"{replayed} failed delivery(ies) sent again.", messages.SUCCESS)


class EndpointFilter(admin.SimpleListFilter):
    """The deliveries of one endpoint, reached from its "deliveries" link: offering every
    endpoint as a choice would list them all on each page of deliveries."""

    title = "endpoint"
    parameter_name = "endpoint"

    def chosen(self) -> int | None:
        value = self.value() or ""
        return int(value) if value.isdigit() and 0 < int(value) <= MAX_ID else None

    def has_output(self) -> bool:
        return self.value() is not None  # else Django drops the filter, and a bad value with it

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        chosen = self.chosen()
        endpoint = WebhookEndpoint.objects.filter(pk=chosen).first() if chosen else None
        return [(str(chosen), str(endpoint))] if endpoint else []

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]
    ) -> QuerySet[WebhookDelivery]:
        if self.value() is None:
            return queryset
        chosen = self.chosen()
        # A value that is no endpoint id (an edited URL) matches nothing.
        return queryset.filter(endpoint_id=chosen) if chosen else queryset.none()


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(
    ReplayPermissionMixin, ReadOnlyAdminMixin, GrowingTableAdminMixin, admin.ModelAdmin
):
    list_display = (
        "id",
        "event_id_text",
        "event_type",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        utc_time_column("next_attempt_at", "next attempt (UTC)"),
        utc_time_column("created_at", "created (UTC)"),
    )
    list_filter = (
        fixed_choices_filter("status", "status", list(DeliveryStatus.values)),
        fixed_choices_filter("event type", "event__event_type", list(EventType.values)),
        EndpointFilter,
    )
    search_fields = ("event__id",)
    search_help_text = "An event id (evt_…), exactly."
    exact_search_fields = ("event_id",)
    list_select_related = ("event", "endpoint")
    fields = (
        "event",
        "endpoint",
        "status",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    actions = ("replay",)

    @admin.display(description="event id", ordering="event_id")
    def event_id_text(self, delivery: WebhookDelivery) -> str:
        return delivery.event_id

    @admin.display(description="event type")
    def event_type(self, delivery: WebhookDelivery) -> str:
        return delivery.event.event_type

    @admin.action(permissions=["replay"], description="Replay")
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        replayed = 0
        for delivery in queryset.select_related("endpoint"):
            if not delivery.endpoint.enabled:
                self.message_user(
                    request,
                    f"Delivery {delivery.pk}: its endpoint is disabled, not replayed.",
                    messages.WARNING,
                )
                continue
            delivery_again(delivery)
            replayed += 1
        self.message_user(request, f"{replayed} delivery(ies) sent again.", messages.SUCCESS)


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ("endpoint", "status", "attempts", "last_status_code", "last_error", "next_attempt_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdminMixin, GrowingTableAdminMixin, admin.ModelAdmin):
    list_display = ("id", "event_type", "user", utc_time_column("created_at", "created (UTC)"))
    list_filter = (fixed_choices_filter("type", "event_type", list(EventType.values)),)
    search_fields = ("id",)
    search_help_text = "An event id (evt_…), exactly."
    exact_search_fields = ("pk",)
    list_select_related = ("user",)
    ordering = ("-created_at",)  # ids are random; the time is indexed
    fields = ("id", "event_type", "user", "request_id", "data", "created_at")
    readonly_fields = fields
    inlines = (DeliveryInline,)
