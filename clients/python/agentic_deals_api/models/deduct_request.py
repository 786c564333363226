from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.deduct_transaction_type_enum import DeductTransactionTypeEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="DeductRequest")


@_attrs_define
class DeductRequest:
    """The amount's range and what may be spent are the ledger service's rules (it checks them
    for every caller); stated here from its constants, so the document shows them too.

        Attributes:
            amount (int):
            transaction_type (DeductTransactionTypeEnum | Unset): * `ai_usage` - ai_usage
            description (str | Unset): Default: empty.
    """

    amount: int
    transaction_type: DeductTransactionTypeEnum | Unset = UNSET
    description: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        transaction_type: str | Unset = UNSET
        if not isinstance(self.transaction_type, Unset):
            transaction_type = self.transaction_type.value

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
            }
        )
        if transaction_type is not UNSET:
            field_dict["transaction_type"] = transaction_type
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        amount = d.pop("amount")

        _transaction_type = d.pop("transaction_type", UNSET)
        transaction_type: DeductTransactionTypeEnum | Unset
        if isinstance(_transaction_type, Unset):
            transaction_type = UNSET
        else:
            transaction_type = DeductTransactionTypeEnum(_transaction_type)

        description = d.pop("description", UNSET)

        deduct_request = cls(
            amount=amount,
            transaction_type=transaction_type,
            description=description,
        )

        return deduct_request
