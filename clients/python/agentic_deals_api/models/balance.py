from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Balance")


@_attrs_define
class Balance:
    """
    Attributes:
        balance (int):
        held (int):
        available (int):
        lifetime_earned (int):
        lifetime_spent (int):
    """

    balance: int
    held: int
    available: int
    lifetime_earned: int
    lifetime_spent: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance = self.balance

        held = self.held

        available = self.available

        lifetime_earned = self.lifetime_earned

        lifetime_spent = self.lifetime_spent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balance": balance,
                "held": held,
                "available": available,
                "lifetime_earned": lifetime_earned,
                "lifetime_spent": lifetime_spent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        balance = d.pop("balance")

        held = d.pop("held")

        available = d.pop("available")

        lifetime_earned = d.pop("lifetime_earned")

        lifetime_spent = d.pop("lifetime_spent")

        balance = cls(
            balance=balance,
            held=held,
            available=available,
            lifetime_earned=lifetime_earned,
            lifetime_spent=lifetime_spent,
        )

        balance.additional_properties = d
        return balance

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
