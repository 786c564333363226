"""Admin for support staff: balances, the read-only ledger, holds, and reasoned adjustments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from errors import exceptions as app_errors
from supportdesk.actions import GuardedActionsMixin, ReadOnlyAdminMixin
from supportdesk.display import utc_time_column
from supportdesk.paginator import GrowingTableAdminMixin
from supportdesk.search import ExactSearchMixin
from tokens.models import TokenAccount, TokenHold, TokenTransaction
from tokens.services import adjustments_allowed_check, tokens_adjust


class AccountSearchMixin(GrowingTableAdminMixin):
    """Rows that belong to a token account: an email finds its account's rows by account id,
    so that the search stays on this table's indexes."""

    exact_search_user = "account__user"

    def users_match(self, user_ids: list[int]) -> Q:
        accounts = TokenAccount.objects.filter(user_id__in=user_ids).values_list("pk", flat=True)
        return Q(account_id__in=list(accounts))


RECENT_LEDGER_ROWS = 20


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text += (
            f" More than {settings.ADMIN_GRANT_CAP_TOKENS} in all (amount times accounts) needs"
            " a superuser; nobody adjusts their own account."
        )


@admin.register(TokenAccount)
class TokenAccountAdmin(
    GuardedActionsMixin, ExactSearchMixin, ReadOnlyAdminMixin, admin.ModelAdmin
):
    list_display = (
        "user",
        "balance",
        "held",
        "available_tokens",
        "lifetime_earned",
        "lifetime_spent",
        "updated_at",
    )
    search_fields = ("user__email",)
    search_help_text = "A user's email, exactly."
    exact_search_user = "user"
    readonly_fields = (
        "user",
        "balance",
        "held",
        "available_tokens",
        "lifetime_earned",
        "lifetime_spent",
        "created_at",
        "updated_at",
        "recent_ledger",
    )
    fields = readonly_fields
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

    @admin.display(description="ledger")
    def recent_ledger(self, account: TokenAccount) -> str:
        """The newest entries, and a link to all of them: an account's ledger has no end."""
        rows = account.transactions.order_by("-id")[:RECENT_LEDGER_ROWS]
        context = {"account": account, "rows": rows}
        return render_to_string("admin/tokens/recent_ledger.html", context)

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
            accounts = list(queryset.select_related("user"))
            try:
                adjustments_allowed_check(
                    actor=request.user,
                    users=[account.user for account in accounts],
                    amount=form.cleaned_data["amount"],
                )
            except app_errors.AppError as error:
                self.message_user(request, _why(error), messages.ERROR)
                return None
            done = 0
            for account in accounts:
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
class TokenTransactionAdmin(AccountSearchMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        utc_time_column("created_at"),
        "account",
        "transaction_type",
        "amount",
        "balance_after",
        "reference_id",
        "actor",
    )
    list_filter = ("transaction_type", "created_at")
    # Exact matches only, each on an index: a substring search reads the whole ledger.
    search_fields = ("reference_id", "account__user__email")
    search_help_text = "A reference id or a user's email, exactly."
    exact_search_fields = ("reference_id",)
    list_select_related = ("account__user", "actor")


@admin.register(TokenHold)
class TokenHoldAdmin(AccountSearchMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "account",
        "amount",
        "status",
        "reference_id",
        utc_time_column("created_at", "created (UTC)"),
        utc_time_column("resolved_at", "resolved (UTC)"),
    )
    list_filter = ("status", "created_at")
    search_fields = ("reference_id", "account__user__email")
    search_help_text = "A reference id or a user's email, exactly."
    exact_search_fields = ("reference_id",)
    list_select_related = ("account__user",)
