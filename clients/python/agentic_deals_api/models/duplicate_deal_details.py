from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DuplicateDealDetails")


@_attrs_define
class DuplicateDealDetails:
    """The deal already saved with this URL

    Attributes:
        deal_id (int):
    """

    deal_id: int

    def to_dict(self) -> dict[str, Any]:
        deal_id = self.deal_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "deal_id": deal_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        deal_id = d.pop("deal_id")

        duplicate_deal_details = cls(
            deal_id=deal_id,
        )

        return duplicate_deal_details
