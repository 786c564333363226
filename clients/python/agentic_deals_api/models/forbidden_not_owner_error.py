from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.no_details import NoDetails


T = TypeVar("T", bound="ForbiddenNotOwnerError")


@_attrs_define
class ForbiddenNotOwnerError:
    """`FORBIDDEN_NOT_OWNER` (403): The object exists but is not yours to read, change or delete.

    Attributes:
        status (Literal['error']):
        code (Literal['FORBIDDEN_NOT_OWNER']):
        message (str):
        details (NoDetails): Nothing more: `{}`.
        request_id (str):
        timestamp (datetime.datetime):
    """

    status: Literal["error"]
    code: Literal["FORBIDDEN_NOT_OWNER"]
    message: str
    details: NoDetails
    request_id: str
    timestamp: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        code = self.code

        message = self.message

        details = self.details.to_dict()

        request_id = self.request_id

        timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "code": code,
                "message": message,
                "details": details,
                "request_id": request_id,
                "timestamp": timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.no_details import NoDetails

        d = dict(src_dict)
        status = cast(Literal["error"], d.pop("status"))
        if status != "error":
            raise ValueError(f"status must match const 'error', got '{status}'")

        code = cast(Literal["FORBIDDEN_NOT_OWNER"], d.pop("code"))
        if code != "FORBIDDEN_NOT_OWNER":
            raise ValueError(
                f"code must match const 'FORBIDDEN_NOT_OWNER', got '{code}'"
            )

        message = d.pop("message")

        details = NoDetails.from_dict(d.pop("details"))

        request_id = d.pop("request_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        forbidden_not_owner_error = cls(
            status=status,
            code=code,
            message=message,
            details=details,
            request_id=request_id,
            timestamp=timestamp,
        )

        forbidden_not_owner_error.additional_properties = d
        return forbidden_not_owner_error

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
