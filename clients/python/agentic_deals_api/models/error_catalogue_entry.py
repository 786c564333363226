from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ErrorCatalogueEntry")


@_attrs_define
class ErrorCatalogueEntry:
    """
    Attributes:
        code (str):
        category (str):
        http_status (int):
        message (str):
        retryable (bool):
        description (str):
    """

    code: str
    category: str
    http_status: int
    message: str
    retryable: bool
    description: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        category = self.category

        http_status = self.http_status

        message = self.message

        retryable = self.retryable

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "category": category,
                "http_status": http_status,
                "message": message,
                "retryable": retryable,
                "description": description,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        category = d.pop("category")

        http_status = d.pop("http_status")

        message = d.pop("message")

        retryable = d.pop("retryable")

        description = d.pop("description")

        error_catalogue_entry = cls(
            code=code,
            category=category,
            http_status=http_status,
            message=message,
            retryable=retryable,
            description=description,
        )

        error_catalogue_entry.additional_properties = d
        return error_catalogue_entry

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
