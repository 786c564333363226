"""What a page sends when its own code fails."""

from __future__ import annotations

from rest_framework import serializers

from api.fields import StrictBodyMixin, text
from observability.context import REQUEST_ID_PATTERN

# RegexField searches, so anchor the pattern to accept whole ids only.
WHOLE_REQUEST_ID = rf"\A{REQUEST_ID_PATTERN.pattern}\Z"


class ClientErrorReportSerializer(StrictBodyMixin, serializers.Serializer):
    """A page's own uncaught error; the ids it names are the page's word, not proof."""

    kind = serializers.ChoiceField(choices=("error", "unhandledrejection"))
    message = text(1, 1000)
    stack = text(0, 8000, required=False, default="")
    page = text(1, 200)
    page_request_id = serializers.RegexField(WHOLE_REQUEST_ID, required=False)
    last_request_id = serializers.RegexField(WHOLE_REQUEST_ID, required=False)
