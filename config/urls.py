"""URL configuration: the API under /api/v1/ (with or without a trailing slash), docs, admin."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts import api as accounts_api
from config.routing import api_path
from errors import api as errors_api
from errors import hooks
from health import api as health_api
from monitoring.api import metrics_view
from web import api as web_api

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
    api_path("client-errors", web_api.ClientErrorReportApi.as_view(), "client-errors"),
    api_path("schema", SpectacularAPIView.as_view(), "schema"),
    path("tokens/", include("tokens.urls")),
    path("", include("deals.urls")),
    path("", include("ai.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    re_path(r"^api/docs/?$", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("admin/", admin.site.urls),
    re_path(r"^metrics/?$", metrics_view, name="metrics"),
    path("", include("web.urls")),
    # Any other URL is a 404 in the envelope (or the plain page), whatever DEBUG says.
    re_path(r"", hooks.not_found, name="not-found"),
]

handler400 = hooks.bad_request
handler403 = hooks.permission_denied
handler404 = hooks.page_not_found
handler500 = hooks.server_error
