from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="InsufficientBalanceDetails")


@_attrs_define
class InsufficientBalanceDetails:
    """What the operation needs, what the account has (balance less holds), and the difference

    Attributes:
        required_amount (int):
        available_balance (int):
        missing_amount (int):
    """

    required_amount: int
    available_balance: int
    missing_amount: int

    def to_dict(self) -> dict[str, Any]:
        required_amount = self.required_amount

        available_balance = self.available_balance

        missing_amount = self.missing_amount

        field_dict: dict[str, Any] = {}

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

        return insufficient_balance_details
