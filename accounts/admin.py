"""Admin for users: search by email or name, passwords only through Django's own forms."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.urls import reverse
from django.utils.html import format_html

from accounts.models import User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ("-date_joined",)
    list_display = ("email", "name", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("email", "name")
    readonly_fields = ("date_joined", "last_login", "recent_errors")
    fieldsets = (
        (None, {"fields": ("email", "name", "password")}),
        ("Support", {"fields": ("recent_errors",)}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("date_joined", "last_login")}),
    )

    @admin.display(description="recent errors")
    def recent_errors(self, user: User) -> str:
        if user.pk is None:
            return "-"
        count = user.error_events.count()
        url = reverse("admin:monitoring_errorevent_changelist") + f"?user__id__exact={user.pk}"
        return format_html('<a href="{}">{} recorded error(s)</a>', url, count)

    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )
