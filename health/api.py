"""GET /api/v1/health (liveness) and /api/v1/health/ready (dependencies)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from errors import exceptions as app_errors
from health import checks


class HealthApi(APIView):
    uses_database = False
    authentication_classes = ()
    throttle_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        responses=inline_serializer("Health", {"status": serializers.CharField()}),
        operation_id="health",
    )
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})


class ReadinessApi(APIView):
    uses_database = False
    authentication_classes = ()
    throttle_classes = ()
    permission_classes = (AllowAny,)
    error_codes = (app_errors.DependencyUnavailableError,)

    @extend_schema(
        responses=inline_serializer(
            "Readiness",
            {"status": serializers.CharField(), "checks": serializers.DictField()},
        ),
        operation_id="health_ready",
    )
    def get(self, request: Request) -> Response:
        states = checks.readiness()
        if any(state == checks.DOWN for state in states.values()):
            down = ", ".join(name for name, state in states.items() if state == checks.DOWN)
            raise app_errors.DependencyUnavailableError(
                f"Not ready: {down} unavailable.", details={"checks": states}
            )
        return Response({"status": "ok", "checks": states})
