from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

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

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        message = self.message

        page = self.page

        stack = self.stack

        page_request_id = self.page_request_id

        last_request_id = self.last_request_id

        field_dict: dict[str, Any] = {}

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

        return client_error_report_request
