from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.transaction_transaction_type_enum import TransactionTransactionTypeEnum

T = TypeVar("T", bound="Transaction")


@_attrs_define
class Transaction:
    """
    Attributes:
        id (int):
        transaction_type (TransactionTransactionTypeEnum): * `signup_bonus` - Signup bonus
            * `purchase` - Purchase
            * `ai_usage` - AI usage
            * `refund` - Refund
            * `admin_adjustment` - Admin adjustment
        amount (int):
        balance_after (int):
        description (str):
        reference_id (str):
        created_at (datetime.datetime):
    """

    id: int
    transaction_type: TransactionTransactionTypeEnum
    amount: int
    balance_after: int
    description: str
    reference_id: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        transaction_type = self.transaction_type.value

        amount = self.amount

        balance_after = self.balance_after

        description = self.description

        reference_id = self.reference_id

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "transaction_type": transaction_type,
                "amount": amount,
                "balance_after": balance_after,
                "description": description,
                "reference_id": reference_id,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        transaction_type = TransactionTransactionTypeEnum(d.pop("transaction_type"))

        amount = d.pop("amount")

        balance_after = d.pop("balance_after")

        description = d.pop("description")

        reference_id = d.pop("reference_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        transaction = cls(
            id=id,
            transaction_type=transaction_type,
            amount=amount,
            balance_after=balance_after,
            description=description,
            reference_id=reference_id,
            created_at=created_at,
        )

        transaction.additional_properties = d
        return transaction

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
