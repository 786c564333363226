from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        transaction_type: str | Unset = UNSET
        if not isinstance(self.transaction_type, Unset):
            transaction_type = self.transaction_type.value

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
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

        deduct_request.additional_properties = d
        return deduct_request

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
