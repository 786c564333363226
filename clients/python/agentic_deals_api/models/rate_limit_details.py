from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RateLimitDetails")


@_attrs_define
class RateLimitDetails:
    """The seconds to wait; from the application also the limit, its window in seconds and what it counts (the proxy in
    front sends only the wait)

        Attributes:
            retry_after (int): Seconds; also Retry-After.
            limit (int | Unset):
            window (int | Unset):
            scope (str | Unset):
    """

    retry_after: int
    limit: int | Unset = UNSET
    window: int | Unset = UNSET
    scope: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        retry_after = self.retry_after

        limit = self.limit

        window = self.window

        scope = self.scope

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "retry_after": retry_after,
            }
        )
        if limit is not UNSET:
            field_dict["limit"] = limit
        if window is not UNSET:
            field_dict["window"] = window
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        retry_after = d.pop("retry_after")

        limit = d.pop("limit", UNSET)

        window = d.pop("window", UNSET)

        scope = d.pop("scope", UNSET)

        rate_limit_details = cls(
            retry_after=retry_after,
            limit=limit,
            window=window,
            scope=scope,
        )

        return rate_limit_details
