from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TokenRefreshRequest")


@_attrs_define
class TokenRefreshRequest:
    """A refresh token, as the last sign-in or refresh gave it.

    Attributes:
        refresh (str):
    """

    refresh: str

    def to_dict(self) -> dict[str, Any]:
        refresh = self.refresh

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "refresh": refresh,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        refresh = d.pop("refresh")

        token_refresh_request = cls(
            refresh=refresh,
        )

        return token_refresh_request
