"""GET /metrics: Prometheus text exposition, for a bearer token or an allowed address."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST

from errors import exceptions as app_errors
from monitoring.metrics import exposition
from observability.context import client_address


def _allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(header.encode(), f"Bearer {token}".encode()):
        return True
    # The rate limits' rule: behind TRUSTED_PROXY_COUNT proxies, the proxy's own address is not
    # the client's, and every client would otherwise be allowed.
    return client_address(request) in settings.METRICS_ALLOWED_IPS


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise app_errors.PermissionDeniedError(
            "Metrics need the metrics token or an allowed address."
        )
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
