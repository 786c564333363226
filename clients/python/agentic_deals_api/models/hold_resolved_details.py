from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="HoldResolvedDetails")


@_attrs_define
class HoldResolvedDetails:
    """The hold and how it resolved

    Attributes:
        hold_id (int):
        status (str):
    """

    hold_id: int
    status: str

    def to_dict(self) -> dict[str, Any]:
        hold_id = self.hold_id

        status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "hold_id": hold_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        hold_id = d.pop("hold_id")

        status = d.pop("status")

        hold_resolved_details = cls(
            hold_id=hold_id,
            status=status,
        )

        return hold_resolved_details
