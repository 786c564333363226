from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.dependency_details_checks import DependencyDetailsChecks


T = TypeVar("T", bound="DependencyDetails")


@_attrs_define
class DependencyDetails:
    """The state of each dependency

    Attributes:
        checks (DependencyDetailsChecks):
    """

    checks: DependencyDetailsChecks

    def to_dict(self) -> dict[str, Any]:
        checks = self.checks.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "checks": checks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dependency_details_checks import DependencyDetailsChecks

        d = dict(src_dict)
        checks = DependencyDetailsChecks.from_dict(d.pop("checks"))

        dependency_details = cls(
            checks=checks,
        )

        return dependency_details
