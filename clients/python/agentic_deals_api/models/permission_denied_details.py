from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.permission_denied_details_reason_enum import (
    PermissionDeniedDetailsReasonEnum,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PermissionDeniedDetails")


@_attrs_define
class PermissionDeniedDetails:
    """Why an adjustment was refused (`own_account`; `above_cap`, with the cap in tokens); other refusals say nothing more

    Attributes:
        reason (PermissionDeniedDetailsReasonEnum | Unset):
        cap (int | Unset):
    """

    reason: PermissionDeniedDetailsReasonEnum | Unset = UNSET
    cap: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason: str | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason.value

        cap = self.cap

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if reason is not UNSET:
            field_dict["reason"] = reason
        if cap is not UNSET:
            field_dict["cap"] = cap

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _reason = d.pop("reason", UNSET)
        reason: PermissionDeniedDetailsReasonEnum | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = PermissionDeniedDetailsReasonEnum(_reason)

        cap = d.pop("cap", UNSET)

        permission_denied_details = cls(
            reason=reason,
            cap=cap,
        )

        return permission_denied_details
