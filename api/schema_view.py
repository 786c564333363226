"""The view that serves the OpenAPI document (a module of its own: api.schema is the schema
class drf-spectacular's views import)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.views import SpectacularAPIView

from errors import exceptions as app_errors


class SchemaView(SpectacularAPIView):
    """GET /api/v1/schema: YAML by default, JSON for `Accept: application/json` or
    `?format=json` (the API itself takes no `format` parameter: URL_FORMAT_OVERRIDE is off)."""

    FORMATS = ("json", "yaml")

    def get_format_suffix(self, **kwargs: Any) -> str | None:
        chosen = self.request.query_params.get("format")
        if chosen is None:
            return super().get_format_suffix(**kwargs)
        if chosen not in self.FORMATS:
            rule = "One of: json, yaml."
            raise app_errors.ValidationError(f"Invalid format: {rule}", details={"format": [rule]})
        return chosen
