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
    from ..models.validation_details import ValidationDetails


T = TypeVar("T", bound="ValidationErrorError")


@_attrs_define
class ValidationErrorError:
    """`VALIDATION_ERROR` (400): One or more fields are invalid; details has one list of messages per field.

    Attributes:
        status (Literal['error']):
        code (Literal['VALIDATION_ERROR']):
        message (str):
        details (ValidationDetails): The messages of each invalid field (dotted paths for nested ones, non_field_errors
            for the whole object, a header's name for a header)
        request_id (str):
        timestamp (datetime.datetime):
    """

    status: Literal["error"]
    code: Literal["VALIDATION_ERROR"]
    message: str
    details: ValidationDetails
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
        from ..models.validation_details import ValidationDetails

        d = dict(src_dict)
        status = cast(Literal["error"], d.pop("status"))
        if status != "error":
            raise ValueError(f"status must match const 'error', got '{status}'")

        code = cast(Literal["VALIDATION_ERROR"], d.pop("code"))
        if code != "VALIDATION_ERROR":
            raise ValueError(f"code must match const 'VALIDATION_ERROR', got '{code}'")

        message = d.pop("message")

        details = ValidationDetails.from_dict(d.pop("details"))

        request_id = d.pop("request_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        validation_error_error = cls(
            status=status,
            code=code,
            message=message,
            details=details,
            request_id=request_id,
            timestamp=timestamp,
        )

        validation_error_error.additional_properties = d
        return validation_error_error

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
