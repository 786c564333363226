from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="VersionMismatchDetails")


@_attrs_define
class VersionMismatchDetails:
    """The deal's version now: re-read it, or retry with this version

    Attributes:
        current_version (int):
    """

    current_version: int

    def to_dict(self) -> dict[str, Any]:
        current_version = self.current_version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "current_version": current_version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        current_version = d.pop("current_version")

        version_mismatch_details = cls(
            current_version=current_version,
        )

        return version_mismatch_details
