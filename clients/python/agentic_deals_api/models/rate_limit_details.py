from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RateLimitDetails")


@_attrs_define
class RateLimitDetails:
    """RATE_LIMIT_EXCEEDED: the limit, its window in seconds, and the seconds to wait

    Attributes:
        retry_after (int):
        limit (int):
        window (int):
        scope (str):
    """

    retry_after: int
    limit: int
    window: int
    scope: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        retry_after = self.retry_after

        limit = self.limit

        window = self.window

        scope = self.scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "retry_after": retry_after,
                "limit": limit,
                "window": window,
                "scope": scope,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        retry_after = d.pop("retry_after")

        limit = d.pop("limit")

        window = d.pop("window")

        scope = d.pop("scope")

        rate_limit_details = cls(
            retry_after=retry_after,
            limit=limit,
            window=window,
            scope=scope,
        )

        rate_limit_details.additional_properties = d
        return rate_limit_details

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
