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
    from ..models.retry_after_details import RetryAfterDetails


T = TypeVar("T", bound="SystemOverloadedError")


@_attrs_define
class SystemOverloadedError:
    """`SYSTEM_OVERLOADED` (503): The proxy in front refused the request to protect the application.

    Attributes:
        status (Literal['error']):
        code (Literal['SYSTEM_OVERLOADED']):
        message (str):
        details (RetryAfterDetails): The seconds to wait before trying again.
        request_id (str):
        timestamp (datetime.datetime):
    """

    status: Literal["error"]
    code: Literal["SYSTEM_OVERLOADED"]
    message: str
    details: RetryAfterDetails
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
        from ..models.retry_after_details import RetryAfterDetails

        d = dict(src_dict)
        status = cast(Literal["error"], d.pop("status"))
        if status != "error":
            raise ValueError(f"status must match const 'error', got '{status}'")

        code = cast(Literal["SYSTEM_OVERLOADED"], d.pop("code"))
        if code != "SYSTEM_OVERLOADED":
            raise ValueError(f"code must match const 'SYSTEM_OVERLOADED', got '{code}'")

        message = d.pop("message")

        details = RetryAfterDetails.from_dict(d.pop("details"))

        request_id = d.pop("request_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        system_overloaded_error = cls(
            status=status,
            code=code,
            message=message,
            details=details,
            request_id=request_id,
            timestamp=timestamp,
        )

        system_overloaded_error.additional_properties = d
        return system_overloaded_error

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
