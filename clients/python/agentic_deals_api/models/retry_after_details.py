from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RetryAfterDetails")


@_attrs_define
class RetryAfterDetails:
    """The seconds to wait before trying again.

    Attributes:
        retry_after (int): Seconds; also Retry-After.
    """

    retry_after: int

    def to_dict(self) -> dict[str, Any]:
        retry_after = self.retry_after

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "retry_after": retry_after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        retry_after = d.pop("retry_after")

        retry_after_details = cls(
            retry_after=retry_after,
        )

        return retry_after_details
