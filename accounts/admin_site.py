"""The admin site of the support desk, whose login is limited like the API's."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from accounts.services import login_attempt
from errors import exceptions as app_errors
from observability.context import client_address


class LimitedAdminLoginForm(AdminAuthenticationForm):
    """The admin's login form on the API's login limiter: the same counters (per email and
    address, and per address), counted before the password check."""

    refusal: app_errors.AppError | None = None

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        try:
            self.user_cache = login_attempt(
                email=email,
                password=password,
                address=client_address(self.request),
                channel="admin",
                staff_only=True,
            )
        except app_errors.InvalidCredentialsError as exc:
            raise self.get_invalid_login_error() from exc
        except app_errors.RateLimitError as exc:
            self.refusal = exc
            raise ValidationError(
                f"Too many login attempts. Try again in {exc.retry_after} seconds.",
                code="rate_limited",
            ) from exc
        except app_errors.RateLimiterUnavailableError as exc:
            self.refusal = exc
            raise ValidationError(
                "Logging in is unavailable for a moment. Try again in a few seconds.",
                code="unavailable",
            ) from exc
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class SupportAdminSite(admin.AdminSite):
    site_header = "Agentic Deals support"
    site_title = "Agentic Deals support"
    index_title = "Support desk"
    login_form = LimitedAdminLoginForm

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """The login page; a refused attempt gets it with the refusal's status and headers."""
        response: HttpResponse = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        refusal = getattr(form, "refusal", None)
        if refusal is not None:
            response.status_code = refusal.status_code
            for name, value in refusal.headers.items():
                response[name] = value
            response.error_code = refusal.code
        return response
