"""What views of every app may share."""

from __future__ import annotations

from typing import Any

from django.utils.cache import patch_cache_control
from rest_framework.request import Request


# Answers that carry a token or a secret say `Cache-Control: no-store`: no cache on the way, and no
# browser's back button, keeps a copy. (A comment, not a docstring: drf-spectacular would show a
# docstring as the description of every operation of the views that mix it in.)
class NoStore:
    no_store = True  # the OpenAPI document lists the header (api.schema)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        patch_cache_control(response, no_store=True)
        return response
