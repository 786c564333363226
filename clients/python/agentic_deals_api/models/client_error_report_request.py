from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.kind_enum import KindEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="ClientErrorReportRequest")


@_attrs_define
class ClientErrorReportRequest:
    """A page's own uncaught error; the ids it names are the page's word, not proof.

    Attributes:
        kind (KindEnum): * `error` - error
            * `unhandledrejection` - unhandledrejection
        message (str):
        page (str):
        stack (str | Unset): Default: empty.
        page_request_id (str | Unset):
        last_request_id (str | Unset):
    """

    kind: KindEnum
    message: str
    page: str
    stack: str | Unset = UNSET
    page_request_id: str | Unset = UNSET
    last_request_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        message = self.message

        page = self.page

        stack = self.stack

        page_request_id = self.page_request_id

        last_request_id = self.last_request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "message": message,
                "page": page,
            }
        )
        if stack is not UNSET:
            field_dict["stack"] = stack
        if page_request_id is not UNSET:
            field_dict["page_request_id"] = page_request_id
        if last_request_id is not UNSET:
            field_dict["last_request_id"] = last_request_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = KindEnum(d.pop("kind"))

        message = d.pop("message")

        page = d.pop("page")

        stack = d.pop("stack", UNSET)

        page_request_id = d.pop("page_request_id", UNSET)

        last_request_id = d.pop("last_request_id", UNSET)

        client_error_report_request = cls(
            kind=kind,
            message=message,
            page=page,
            stack=stack,
            page_request_id=page_request_id,
            last_request_id=last_request_id,
        )

        client_error_report_request.additional_properties = d
        return client_error_report_request

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
