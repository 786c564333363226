"""Admin for users and their sign-in sessions: search by email or name, passwords only through
Django's own forms, links to everything support looks at, and session revocation."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    UserChangeForm,
)
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join

from accounts.models import RevokeReason, SignInSession, User
from accounts.sessions import sign_in_sessions_end_for, sign_in_sessions_revoke
from supportdesk.actions import GuardedActionsMixin, ReadOnlyAdminMixin
from supportdesk.paginator import GrowingTableAdminMixin, bounded_count
from supportdesk.search import ExactSearchMixin

REVOKE_PERMISSION = "accounts.revoke_signinsession"


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "name")


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's form. A new password ends the user's sign-in sessions wherever it is set
    (accounts.passwords); a password disabled here ends them too."""

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=commit)
        if commit and not user.has_usable_password():
            sign_in_sessions_end_for(user=user, reason=RevokeReason.PASSWORD)
        return user


def _changelist_link(model: str, query: str, label: str) -> tuple[str, str]:
    return (reverse(f"admin:{model}_changelist") + f"?{query}", label)


@admin.register(User)
class UserAdmin(GuardedActionsMixin, GrowingTableAdminMixin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    change_password_form = PasswordChangeForm
    list_display = ("email", "name", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser")
    # The email exactly, on its unique index (a name or part of an email would read every user).
    search_fields = ("email",)
    search_help_text = "An email, exactly, or a user id."
    exact_search_user = "pk"
    exact_search_ids = ("pk",)
    readonly_fields = ("date_joined", "last_login", "support_links")
    actions = ("revoke_sessions",)
    fieldsets = (
        (None, {"fields": ("email", "name", "password")}),
        ("Support", {"fields": ("support_links",)}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("date_joined", "last_login")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )

    @admin.display(description="records")
    def support_links(self, user: User) -> str:
        if user.pk is None:
            return "-"
        links = [
            _changelist_link(
                "monitoring_errorevent",
                f"user__id__exact={user.pk}",
                f"Recorded errors ({bounded_count(user.error_events.all())})",
            ),
            _changelist_link(
                "ai_analysis",
                f"user__id__exact={user.pk}",
                f"Analyses ({bounded_count(user.analyses.all())})",
            ),
            _changelist_link(
                "accounts_signinsession",
                f"user__id__exact={user.pk}",
                f"Sign-in sessions ({bounded_count(user.sign_in_sessions.all())})",
            ),
        ]
        account = getattr(user, "token_account", None)
        if account is not None:
            ledger = f"Ledger ({bounded_count(account.transactions.all())} entries)"
            links.insert(
                0,
                _changelist_link(
                    "tokens_tokentransaction", f"account__id__exact={account.pk}", ledger
                ),
            )
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def save_model(self, request: HttpRequest, obj: User, form: Form, change: bool) -> None:
        """Saved; deactivated here, the user's sign-in sessions end too (a new password ends
        them wherever it is set: accounts.passwords)."""
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            sign_in_sessions_end_for(user=obj, reason=RevokeReason.DEACTIVATED, actor=request.user)

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVOKE_PERMISSION)

    @admin.action(
        permissions=["revoke"],
        description="Revoke all sign-in sessions (refresh tokens stop working at once)",
    )
    def revoke_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        revoked = sign_in_sessions_revoke(
            actor=request.user, user_ids=queryset.values_list("pk", flat=True)
        )
        self.message_user(request, f"Revoked {revoked} sign-in session(s).", messages.SUCCESS)


@admin.register(SignInSession)
class SignInSessionAdmin(
    GuardedActionsMixin, ReadOnlyAdminMixin, ExactSearchMixin, admin.ModelAdmin
):
    """Sessions are shown, never edited: what a session holds is only what revocation needs."""

    list_display = (
        "user",
        "created_at",
        "refreshed_at",
        "expires_at",
        "state",
        "revoked_reason",
        "revoked_by",
    )
    list_filter = ("revoked_reason", "created_at")
    search_fields = ("user__email",)
    search_help_text = "A user's email, exactly."
    exact_search_user = "user"
    list_select_related = ("user", "revoked_by")
    fields = (
        "id",
        "user",
        "created_at",
        "refreshed_at",
        "expires_at",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
    )
    readonly_fields = fields
    actions = ("revoke",)

    @admin.display(description="state")
    def state(self, session: SignInSession) -> str:
        if session.revoked_at is not None:
            return "revoked"
        return "active" if session.active else "expired"

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVOKE_PERMISSION)

    @admin.action(permissions=["revoke"], description="Revoke the selected sessions")
    def revoke(self, request: HttpRequest, queryset: QuerySet[SignInSession]) -> None:
        revoked = sign_in_sessions_revoke(
            actor=request.user, session_ids=queryset.values_list("pk", flat=True)
        )
        self.message_user(request, f"Revoked {revoked} sign-in session(s).", messages.SUCCESS)
