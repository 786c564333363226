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
    from ..models.duplicate_deal_details import DuplicateDealDetails
    from ..models.error_envelope_details_type_6 import ErrorEnvelopeDetailsType6
    from ..models.insufficient_balance_details import InsufficientBalanceDetails
    from ..models.rate_limit_details import RateLimitDetails
    from ..models.resource_locked_details import ResourceLockedDetails
    from ..models.validation_details import ValidationDetails
    from ..models.version_mismatch_details import VersionMismatchDetails


T = TypeVar("T", bound="ErrorEnvelope")


@_attrs_define
class ErrorEnvelope:
    """Every error answers in this shape. `code` is listed at GET /api/v1/errors; each operation names the codes it can
    send in its responses' `x-error-codes`.

        Attributes:
            status (Literal['error']):
            code (str):
            message (str):
            details (DuplicateDealDetails | ErrorEnvelopeDetailsType6 | InsufficientBalanceDetails | RateLimitDetails |
                ResourceLockedDetails | ValidationDetails | VersionMismatchDetails):
            request_id (str):
            timestamp (datetime.datetime):
    """

    status: Literal["error"]
    code: str
    message: str
    details: (
        DuplicateDealDetails
        | ErrorEnvelopeDetailsType6
        | InsufficientBalanceDetails
        | RateLimitDetails
        | ResourceLockedDetails
        | ValidationDetails
        | VersionMismatchDetails
    )
    request_id: str
    timestamp: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.duplicate_deal_details import DuplicateDealDetails
        from ..models.insufficient_balance_details import InsufficientBalanceDetails
        from ..models.rate_limit_details import RateLimitDetails
        from ..models.resource_locked_details import ResourceLockedDetails
        from ..models.validation_details import ValidationDetails
        from ..models.version_mismatch_details import VersionMismatchDetails

        status = self.status

        code = self.code

        message = self.message

        details: dict[str, Any]
        if (
            isinstance(self.details, InsufficientBalanceDetails)
            or isinstance(self.details, RateLimitDetails)
            or isinstance(self.details, VersionMismatchDetails)
            or isinstance(self.details, ResourceLockedDetails)
            or isinstance(self.details, DuplicateDealDetails)
            or isinstance(self.details, ValidationDetails)
        ):
            details = self.details.to_dict()
        else:
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
        from ..models.duplicate_deal_details import DuplicateDealDetails
        from ..models.error_envelope_details_type_6 import ErrorEnvelopeDetailsType6
        from ..models.insufficient_balance_details import InsufficientBalanceDetails
        from ..models.rate_limit_details import RateLimitDetails
        from ..models.resource_locked_details import ResourceLockedDetails
        from ..models.validation_details import ValidationDetails
        from ..models.version_mismatch_details import VersionMismatchDetails

        d = dict(src_dict)
        status = cast(Literal["error"], d.pop("status"))
        if status != "error":
            raise ValueError(f"status must match const 'error', got '{status}'")

        code = d.pop("code")

        message = d.pop("message")

        def _parse_details(
            data: object,
        ) -> (
            DuplicateDealDetails
            | ErrorEnvelopeDetailsType6
            | InsufficientBalanceDetails
            | RateLimitDetails
            | ResourceLockedDetails
            | ValidationDetails
            | VersionMismatchDetails
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_0 = InsufficientBalanceDetails.from_dict(data)

                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_1 = RateLimitDetails.from_dict(data)

                return details_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_2 = VersionMismatchDetails.from_dict(data)

                return details_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_3 = ResourceLockedDetails.from_dict(data)

                return details_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_4 = DuplicateDealDetails.from_dict(data)

                return details_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_5 = ValidationDetails.from_dict(data)

                return details_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            details_type_6 = ErrorEnvelopeDetailsType6.from_dict(data)

            return details_type_6

        details = _parse_details(d.pop("details"))

        request_id = d.pop("request_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        error_envelope = cls(
            status=status,
            code=code,
            message=message,
            details=details,
            request_id=request_id,
            timestamp=timestamp,
        )

        error_envelope.additional_properties = d
        return error_envelope

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
