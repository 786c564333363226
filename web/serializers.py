"""What a page sends when its own code fails."""

from __future__ import annotations

from rest_framework import serializers

from errors.context import REQUEST_ID_PATTERN

# RegexField searches, so anchor the pattern to accept whole ids only.
WHOLE_REQUEST_ID = rf"\A{REQUEST_ID_PATTERN.pattern}\Z"


class ClientErrorReportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=("error", "unhandledrejection"))
    message = serializers.CharField(max_length=1000, trim_whitespace=False)
    stack = serializers.CharField(max_length=8000, required=False, allow_blank=True, default="")
    page = serializers.CharField(max_length=200)
    page_request_id = serializers.RegexField(WHOLE_REQUEST_ID, required=False)
    last_request_id = serializers.RegexField(WHOLE_REQUEST_ID, required=False)
