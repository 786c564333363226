from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.dependency_details_checks_additional_property import (
    DependencyDetailsChecksAdditionalProperty,
)

T = TypeVar("T", bound="DependencyDetailsChecks")


@_attrs_define
class DependencyDetailsChecks:
    additional_properties: dict[str, DependencyDetailsChecksAdditionalProperty] = (
        _attrs_field(init=False, factory=dict)
    )

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.value

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        dependency_details_checks = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = DependencyDetailsChecksAdditionalProperty(prop_dict)

            additional_properties[prop_name] = additional_property

        dependency_details_checks.additional_properties = additional_properties
        return dependency_details_checks

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> DependencyDetailsChecksAdditionalProperty:
        return self.additional_properties[key]

    def __setitem__(
        self, key: str, value: DependencyDetailsChecksAdditionalProperty
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
