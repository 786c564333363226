"""Every route: the API under /api/v1/ (with or without a trailing slash), docs, admin, pages."""

from collections.abc import Callable

from django.contrib import admin
from django.urls import URLPattern, include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerView

from accounts import api as accounts_api
from accounts import session_api
from ai import api as ai_api
from api.schema_view import SchemaView
from deals import api as deals_api
from errors import api as errors_api
from errors import hooks
from health import api as health_api
from monitoring.api import metrics_view
from tokens import api as tokens_api
from web import api as web_api
from web import views as web_views
from webhooks import api as webhooks_api

# An id is a positive integer in ASCII digits, without a sign or leading zero; anything else
# names nothing (404).
ID = r"[1-9][0-9]{0,17}"


def api_path(route: str, view: Callable, name: str) -> URLPattern:
    """Every API path answers with and without a trailing slash, never by redirect (a redirect
    would drop a POST body)."""
    return re_path(rf"^{route}/?$", view, name=name)


api_v1 = [
    api_path("health", health_api.HealthApi.as_view(), "health"),
    api_path("health/ready", health_api.ReadinessApi.as_view(), "health-ready"),
    api_path("errors", errors_api.ErrorCatalogueApi.as_view(), "error-catalogue"),
    api_path(
        r"errors/(?P<code>[A-Za-z0-9_]{1,64})",
        errors_api.ErrorCatalogueEntryApi.as_view(),
        "error-catalogue-entry",
    ),
    api_path("auth/register", accounts_api.RegisterApi.as_view(), "auth-register"),
    api_path("auth/token", accounts_api.TokenObtainApi.as_view(), "auth-token"),
    api_path("auth/token/refresh", accounts_api.TokenRefreshApi.as_view(), "auth-token-refresh"),
    api_path("auth/logout", accounts_api.LogoutApi.as_view(), "auth-logout"),
    api_path("auth/me", accounts_api.MeApi.as_view(), "auth-me"),
    api_path("auth/session", session_api.SessionLoginApi.as_view(), "auth-session"),
    api_path(
        "auth/session/refresh", session_api.SessionRefreshApi.as_view(), "auth-session-refresh"
    ),
    api_path("auth/session/logout", session_api.SessionLogoutApi.as_view(), "auth-session-logout"),
    api_path("auth/password", accounts_api.PasswordChangeApi.as_view(), "auth-password"),
    api_path("auth/sessions", accounts_api.SessionListApi.as_view(), "auth-sessions"),
    api_path(
        "auth/sessions/end-others",
        accounts_api.SessionsEndOthersApi.as_view(),
        "auth-sessions-end-others",
    ),
    api_path("client-errors", web_api.ClientErrorReportApi.as_view(), "client-errors"),
    api_path("schema", SchemaView.as_view(), "schema"),
    api_path("tokens/balance", tokens_api.BalanceApi.as_view(), "tokens-balance"),
    api_path("tokens/transactions", tokens_api.TransactionListApi.as_view(), "tokens-transactions"),
    api_path("tokens/deduct", tokens_api.DeductApi.as_view(), "tokens-deduct"),
    api_path("deals", deals_api.DealListApi.as_view(), "deals"),
    api_path(rf"deals/(?P<deal_id>{ID})", deals_api.DealDetailApi.as_view(), "deal-detail"),
    api_path(
        rf"deals/(?P<deal_id>{ID})/analyses", ai_api.DealAnalysisApi.as_view(), "deal-analyses"
    ),
    api_path("analyses", ai_api.AnalysisListApi.as_view(), "analyses"),
    api_path(
        rf"analyses/(?P<analysis_id>{ID})", ai_api.AnalysisDetailApi.as_view(), "analysis-detail"
    ),
    api_path("webhooks/endpoints", webhooks_api.EndpointListApi.as_view(), "webhook-endpoints"),
    api_path(
        rf"webhooks/endpoints/(?P<endpoint_id>{ID})",
        webhooks_api.EndpointDetailApi.as_view(),
        "webhook-endpoint-detail",
    ),
    api_path(
        rf"webhooks/endpoints/(?P<endpoint_id>{ID})/rotate-secret",
        webhooks_api.EndpointRotateSecretApi.as_view(),
        "webhook-endpoint-rotate-secret",
    ),
    api_path(
        rf"webhooks/endpoints/(?P<endpoint_id>{ID})/test",
        webhooks_api.EndpointTestApi.as_view(),
        "webhook-endpoint-test",
    ),
    api_path(
        rf"webhooks/endpoints/(?P<endpoint_id>{ID})/deliveries",
        webhooks_api.DeliveryListApi.as_view(),
        "webhook-deliveries",
    ),
    api_path(
        rf"webhooks/endpoints/(?P<endpoint_id>{ID})/deliveries/(?P<delivery_id>{ID})/retry",
        webhooks_api.DeliveryRetryApi.as_view(),
        "webhook-delivery-retry",
    ),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    re_path(r"^api/docs/?$", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    # APPEND_SLASH is off (a redirect would drop an API POST's body), and the catch-all below
    # would answer 404, so the admin's address without its slash redirects by itself.
    path("admin", RedirectView.as_view(pattern_name="admin:index", permanent=True)),
    path("admin/", admin.site.urls),
    re_path(r"^metrics/?$", metrics_view, name="metrics"),
    # The web pages.
    path("", RedirectView.as_view(url="/deals", permanent=False), name="home"),
    path("login", web_views.LoginPage.as_view(), name="login"),
    path("register", web_views.RegisterPage.as_view(), name="register"),
    path("deals", web_views.DealListPage.as_view(), name="deal-list-page"),
    path("account", web_views.AccountPage.as_view(), name="account-page"),
    re_path(rf"^deals/(?P<deal_id>{ID})$", web_views.DealPage.as_view(), name="deal-page"),
    # Any other URL is a 404 in the envelope (or the plain page), whatever DEBUG says.
    re_path(r"", hooks.not_found, name="not-found"),
]

handler400 = hooks.bad_request
handler403 = hooks.permission_denied
handler404 = hooks.page_not_found
handler500 = hooks.server_error
