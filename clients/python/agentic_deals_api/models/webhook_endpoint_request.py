from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.webhook_subscribable_event_type_enum import (
    WebhookSubscribableEventTypeEnum,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookEndpointRequest")


@_attrs_define
class WebhookEndpointRequest:
    """An address that receives the user's events, signed with the endpoint's secret.

    Attributes:
        url (str):
        description (str | Unset): Default: empty.
        event_types (list[WebhookSubscribableEventTypeEnum] | Unset): The events to receive, of analysis.succeeded,
            analysis.failed, tokens.balance_low; an empty list means all of them. `ping` reaches every endpoint, by its test
            alone.
    """

    url: str
    description: str | Unset = UNSET
    event_types: list[WebhookSubscribableEventTypeEnum] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        description = self.description

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = []
            for event_types_item_data in self.event_types:
                event_types_item = event_types_item_data.value
                event_types.append(event_types_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if event_types is not UNSET:
            field_dict["event_types"] = event_types

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        url = d.pop("url")

        description = d.pop("description", UNSET)

        _event_types = d.pop("event_types", UNSET)
        event_types: list[WebhookSubscribableEventTypeEnum] | Unset = UNSET
        if _event_types is not UNSET:
            event_types = []
            for event_types_item_data in _event_types:
                event_types_item = WebhookSubscribableEventTypeEnum(
                    event_types_item_data
                )

                event_types.append(event_types_item)

        webhook_endpoint_request = cls(
            url=url,
            description=description,
            event_types=event_types,
        )

        return webhook_endpoint_request
