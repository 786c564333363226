"""The web pages: server-rendered shells that the plain JavaScript client in static/js fills in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.generic import TemplateView

from deals.currencies import ISO_4217_CODES
from deals.models import Category

CURRENCIES = sorted(ISO_4217_CODES)

# Everything the pages load comes from this origin; no inline script or style is allowed, so an
# injected <script> or style attribute does nothing even if some text were ever rendered unescaped.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


# A page is only a shell and reads nothing from the database, so it loads (and its client can
# report the outage in a notification) while the database is down.
class PageView(TemplateView):
    """One page: its template names the page for the client, and the response is locked down."""

    page: str = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["request_id"] = getattr(self.request, "request_id", "")
        context["support_email"] = settings.SUPPORT_EMAIL
        return context

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().dispatch(request, *args, **kwargs)
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response["Cache-Control"] = "no-store"
        return response


class LoginPage(PageView):
    template_name = "web/login.html"
    page = "login"


class RegisterPage(PageView):
    template_name = "web/register.html"
    page = "register"


class DealListPage(PageView):
    template_name = "web/deals.html"
    page = "deals"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["categories"] = Category.choices
        context["currencies"] = CURRENCIES
        return context


class DealPage(PageView):
    template_name = "web/deal.html"
    page = "deal"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["deal_id"] = self.kwargs["deal_id"]
        context["categories"] = Category.choices
        context["currencies"] = CURRENCIES
        context["analysis_cost"] = settings.AI_ANALYSIS_COST
        return context


class AccountPage(PageView):
    template_name = "web/account.html"
    page = "account"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["analysis_cost"] = settings.AI_ANALYSIS_COST
        return context
