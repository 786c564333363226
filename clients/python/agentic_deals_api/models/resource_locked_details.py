from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ResourceLockedDetails")


@_attrs_define
class ResourceLockedDetails:
    """The analysis still queued or running (null if it ended in the meantime)

    Attributes:
        analysis_id (int | None):
    """

    analysis_id: int | None

    def to_dict(self) -> dict[str, Any]:
        analysis_id: int | None
        analysis_id = self.analysis_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "analysis_id": analysis_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_analysis_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        analysis_id = _parse_analysis_id(d.pop("analysis_id"))

        resource_locked_details = cls(
            analysis_id=analysis_id,
        )

        return resource_locked_details
