"""Input and output shapes of the webhook endpoints and their deliveries."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from api.fields import PatternField, StrictBodyMixin, text
from webhooks.models import (
    SUBSCRIBABLE,
    DeliveryStatus,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
)

URL_MAX_LENGTH = WebhookEndpoint._meta.get_field("url").max_length
DESCRIPTION_MAX_LENGTH = WebhookEndpoint._meta.get_field("description").max_length

# http(s)://, a host of ASCII labels (international names in punycode) or an IPv4 address, an
# optional port, then a path, query or fragment of printable ASCII (percent-encode the rest).
# Which schemes and addresses are allowed is webhooks.addresses' rule, checked after.
_URL_CHARACTER = r"[!-~]"
URL_PATTERN = (
    r"\A[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?(?::[0-9]{1,5})?"
    rf"(?:[/?#]{_URL_CHARACTER}*)?\Z"
)
_URL_RULE = (
    f"Must be an https:// URL of at most {URL_MAX_LENGTH} characters: a host name in ASCII "
    "(punycode for international names) or a public IPv4 address, no user name or password, "
    "printable ASCII only (percent-encode the rest)."
)
_EVENT_TYPES_HELP = (
    f"The events to receive, of {', '.join(SUBSCRIBABLE)}; an empty list means all of them. "
    "`ping` reaches every endpoint, by its test alone."
)


class StrictBooleanField(serializers.BooleanField):
    """JSON `true` or `false` and nothing else: no `"true"`, `1` or `"yes"`."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class WebhookEndpointSerializer(StrictBodyMixin, serializers.ModelSerializer):
    """An address that receives the user's events, signed with the endpoint's secret."""

    url = PatternField(
        pattern=URL_PATTERN, message=_URL_RULE, min_length=1, max_length=URL_MAX_LENGTH
    )
    description = text(0, DESCRIPTION_MAX_LENGTH, required=False, default="")
    event_types = serializers.ListField(
        child=serializers.ChoiceField(
            choices=SUBSCRIBABLE,
            error_messages={"invalid_choice": f"Must be one of {', '.join(SUBSCRIBABLE)}."},
        ),
        required=False,
        default=list,
        help_text=_EVENT_TYPES_HELP,
    )
    enabled = serializers.BooleanField(
        read_only=True,
        help_text="Whether events are sent; false after 5 days of failures (PATCH to enable).",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("id", "url", "description", "event_types", "enabled", "created_at")
        read_only_fields = ("id", "enabled", "created_at")

    def validate_url(self, value: str) -> str:
        scheme, separator, rest = value.partition("://")
        return f"{scheme.lower()}{separator}{rest}"


@extend_schema_serializer(component_name="WebhookEndpointUpdate")
class WebhookEndpointUpdateSerializer(WebhookEndpointSerializer):
    """PATCH: the fields sent change, `enabled` among them."""

    enabled = StrictBooleanField(
        required=False, help_text="false stops sending; true sends again and forgets failures."
    )

    class Meta(WebhookEndpointSerializer.Meta):
        read_only_fields = ("id", "created_at")


class SecretField(serializers.CharField):
    """The plaintext secret just made, given in the context: the endpoint holds it sealed."""

    HELP = (
        "The signing secret (`whsec_` and base64), shown this once: keep it to verify the "
        "`webhook-signature` header."
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, help_text=self.HELP, **kwargs)

    def to_representation(self, endpoint: WebhookEndpoint) -> str:
        return self.context["secret"]


@extend_schema_serializer(component_name="WebhookEndpointWithSecret")
class WebhookEndpointWithSecretSerializer(WebhookEndpointSerializer):
    """The endpoint as creation and a secret's rotation answer it, with the new secret."""

    secret = SecretField()

    class Meta(WebhookEndpointSerializer.Meta):
        fields = (*WebhookEndpointSerializer.Meta.fields, "secret")


class WebhookDeliverySerializer(serializers.ModelSerializer):
    """One event sent to one endpoint: its state, and the answer to its last attempt."""

    event_id = serializers.CharField(read_only=True, help_text="The `webhook-id` header sent.")
    event_type = serializers.ChoiceField(
        source="event.event_type", choices=EventType.choices, read_only=True
    )
    status = serializers.ChoiceField(
        choices=DeliveryStatus.choices,
        read_only=True,
        help_text="pending until an attempt succeeds (succeeded) or the last one fails (failed).",
    )
    request_id = serializers.CharField(
        source="event.request_id",
        read_only=True,
        help_text="The request that caused the event; empty when none did.",
    )

    class Meta:
        model = WebhookDelivery
        fields = (
            "id",
            "event_id",
            "event_type",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "request_id",
            "created_at",
        )
        read_only_fields = fields
