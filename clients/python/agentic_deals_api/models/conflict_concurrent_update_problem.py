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

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_error import FieldError
    from ..models.no_details import NoDetails


T = TypeVar("T", bound="ConflictConcurrentUpdateProblem")


@_attrs_define
class ConflictConcurrentUpdateProblem:
    """`CONFLICT_CONCURRENT_UPDATE` (409) as RFC 9457 problem details: The database aborted the transaction to keep
    concurrent writes consistent.

        Attributes:
            type_ (str):
            title (str):
            status (Literal[409]):
            detail (str):
            instance (str):
            code (Literal['CONFLICT_CONCURRENT_UPDATE']):
            request_id (str):
            timestamp (datetime.datetime):
            details (NoDetails): Nothing more: `{}`.
            errors (list[FieldError] | Unset):
    """

    type_: str
    title: str
    status: Literal[409]
    detail: str
    instance: str
    code: Literal["CONFLICT_CONCURRENT_UPDATE"]
    request_id: str
    timestamp: datetime.datetime
    details: NoDetails
    errors: list[FieldError] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        title = self.title

        status = self.status

        detail = self.detail

        instance = self.instance

        code = self.code

        request_id = self.request_id

        timestamp = self.timestamp.isoformat()

        details = self.details.to_dict()

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "title": title,
                "status": status,
                "detail": detail,
                "instance": instance,
                "code": code,
                "request_id": request_id,
                "timestamp": timestamp,
                "details": details,
            }
        )
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.field_error import FieldError
        from ..models.no_details import NoDetails

        d = dict(src_dict)
        type_ = d.pop("type")

        title = d.pop("title")

        status = cast(Literal[409], d.pop("status"))
        if status != 409:
            raise ValueError(f"status must match const 409, got '{status}'")

        detail = d.pop("detail")

        instance = d.pop("instance")

        code = cast(Literal["CONFLICT_CONCURRENT_UPDATE"], d.pop("code"))
        if code != "CONFLICT_CONCURRENT_UPDATE":
            raise ValueError(
                f"code must match const 'CONFLICT_CONCURRENT_UPDATE', got '{code}'"
            )

        request_id = d.pop("request_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        details = NoDetails.from_dict(d.pop("details"))

        _errors = d.pop("errors", UNSET)
        errors: list[FieldError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldError.from_dict(errors_item_data)

                errors.append(errors_item)

        conflict_concurrent_update_problem = cls(
            type_=type_,
            title=title,
            status=status,
            detail=detail,
            instance=instance,
            code=code,
            request_id=request_id,
            timestamp=timestamp,
            details=details,
            errors=errors,
        )

        conflict_concurrent_update_problem.additional_properties = d
        return conflict_concurrent_update_problem

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
