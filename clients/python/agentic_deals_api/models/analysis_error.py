from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.code_enum import CodeEnum

T = TypeVar("T", bound="AnalysisError")


@_attrs_define
class AnalysisError:
    """
    Attributes:
        code (CodeEnum): * `INTEGRATION_AI_UNAVAILABLE` - INTEGRATION_AI_UNAVAILABLE
            * `AI_INVALID_RESPONSE` - AI_INVALID_RESPONSE
            * `SYSTEM_UNHANDLED_ERROR` - SYSTEM_UNHANDLED_ERROR
        message (str):
    """

    code: CodeEnum
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = CodeEnum(d.pop("code"))

        message = d.pop("message")

        analysis_error = cls(
            code=code,
            message=message,
        )

        analysis_error.additional_properties = d
        return analysis_error

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
