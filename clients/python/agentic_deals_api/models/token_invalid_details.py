from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.token_invalid_details_reason_enum import TokenInvalidDetailsReasonEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenInvalidDetails")


@_attrs_define
class TokenInvalidDetails:
    """Why a refresh token was refused (`expired`: sign in again; `revoked`: the session was ended; `used`: it was
    replaced, so every session of its chain ended; `invalid`: anything else). An access token's refusal has no reason.

        Attributes:
            reason (TokenInvalidDetailsReasonEnum | Unset):
    """

    reason: TokenInvalidDetailsReasonEnum | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason: str | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _reason = d.pop("reason", UNSET)
        reason: TokenInvalidDetailsReasonEnum | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = TokenInvalidDetailsReasonEnum(_reason)

        token_invalid_details = cls(
            reason=reason,
        )

        return token_invalid_details
