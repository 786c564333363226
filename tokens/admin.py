"""Admin for support staff: balances, the read-only ledger, holds, and reasoned adjustments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from errors import exceptions as app_errors
from supportdesk.actions import GuardedActionsMixin
from supportdesk.paginator import GrowingTableAdminMixin
from tokens.models import TokenAccount, TokenHold, TokenTransaction
from tokens.services import tokens_adjust


class ReadOnlyAdminMixin:
    """Nothing here is added, edited or deleted through a form."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TransactionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TokenTransaction
    fields = (
        "created_at",
        "transaction_type",
        "amount",
        "balance_after",
        "description",
        "reference_id",
        "actor",
    )
    readonly_fields = fields
    ordering = ("-id",)
    extra = 0
    show_change_link = True
    max_num = 0


def _why(error: app_errors.AppError) -> str:
    """The error's message, and the message of each field it names."""
    fields = [text for texts in error.details.values() if isinstance(texts, list) for text in texts]
    return " ".join([error.message, *fields])


class AdjustForm(forms.Form):
    """Types only: what an adjustment may be is the ledger service's rule, shown as a message."""

    amount = forms.IntegerField(
        help_text="Positive grants tokens, negative removes them (never below what is held)."
    )
    reason = forms.CharField(max_length=255, widget=forms.Textarea(attrs={"rows": 2}))


@admin.register(TokenAccount)
class TokenAccountAdmin(GuardedActionsMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "user",
        "balance",
        "held",
        "available_tokens",
        "lifetime_earned",
        "lifetime_spent",
        "updated_at",
    )
    search_fields = ("user__email", "user__name")
    readonly_fields = (
        "user",
        "balance",
        "held",
        "available_tokens",
        "lifetime_earned",
        "lifetime_spent",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields
    inlines = (TransactionInline,)
    actions = ("adjust_tokens",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[TokenAccount]:
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(available_sort=F("balance") - F("held"))
        )

    @admin.display(description="available", ordering="available_sort")
    def available_tokens(self, account: TokenAccount) -> int:
        return account.available

    def has_adjust_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("tokens.adjust_tokenaccount")

    @admin.action(
        permissions=["adjust"], description="Grant or remove tokens (asks for amount and reason)"
    )
    def adjust_tokens(
        self, request: HttpRequest, queryset: QuerySet[TokenAccount]
    ) -> HttpResponse | None:
        form = AdjustForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for account in queryset.select_related("user"):
                try:
                    tokens_adjust(
                        user=account.user,
                        amount=form.cleaned_data["amount"],
                        reason=form.cleaned_data["reason"],
                        actor=request.user,
                    )
                except app_errors.AppError as error:
                    self.message_user(request, f"{account.user}: {_why(error)}", messages.ERROR)
                else:
                    done += 1
            if done:
                self.message_user(request, f"Adjusted {done} account(s).", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Grant or remove tokens",
            "accounts": queryset.select_related("user"),
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/tokens/adjust_tokens.html", context)


@admin.register(TokenTransaction)
class TokenTransactionAdmin(GrowingTableAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "account",
        "transaction_type",
        "amount",
        "balance_after",
        "reference_id",
        "actor",
    )
    list_filter = ("transaction_type", "created_at")
    # Exact matches only, each on an index: a substring search reads the whole ledger.
    search_fields = ("=account__user__email", "=reference_id")
    date_hierarchy = "created_at"
    list_select_related = ("account__user", "actor")


@admin.register(TokenHold)
class TokenHoldAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "account",
        "amount",
        "status",
        "reference_id",
        "created_at",
        "expires_at",
        "resolved_at",
    )
    list_filter = ("status", "created_at")
    search_fields = ("account__user__email", "reference_id")
    list_select_related = ("account__user",)
