from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PayloadTooLargeDetails")


@_attrs_define
class PayloadTooLargeDetails:
    """The largest body accepted, in bytes

    Attributes:
        max_bytes (int):
    """

    max_bytes: int

    def to_dict(self) -> dict[str, Any]:
        max_bytes = self.max_bytes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "max_bytes": max_bytes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        max_bytes = d.pop("max_bytes")

        payload_too_large_details = cls(
            max_bytes=max_bytes,
        )

        return payload_too_large_details
