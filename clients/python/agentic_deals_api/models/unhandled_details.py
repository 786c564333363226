from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="UnhandledDetails")


@_attrs_define
class UnhandledDetails:
    """The id under which the full record is logged: quote it to support

    Attributes:
        error_id (str):
    """

    error_id: str

    def to_dict(self) -> dict[str, Any]:
        error_id = self.error_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "error_id": error_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        error_id = d.pop("error_id")

        unhandled_details = cls(
            error_id=error_id,
        )

        return unhandled_details
