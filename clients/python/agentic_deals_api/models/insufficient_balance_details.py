from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InsufficientBalanceDetails")


@_attrs_define
class InsufficientBalanceDetails:
    """TOKEN_INSUFFICIENT_BALANCE

    Attributes:
        required_amount (int):
        available_balance (int):
        missing_amount (int):
    """

    required_amount: int
    available_balance: int
    missing_amount: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        required_amount = self.required_amount

        available_balance = self.available_balance

        missing_amount = self.missing_amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "required_amount": required_amount,
                "available_balance": available_balance,
                "missing_amount": missing_amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        required_amount = d.pop("required_amount")

        available_balance = d.pop("available_balance")

        missing_amount = d.pop("missing_amount")

        insufficient_balance_details = cls(
            required_amount=required_amount,
            available_balance=available_balance,
            missing_amount=missing_amount,
        )

        insufficient_balance_details.additional_properties = d
        return insufficient_balance_details

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
