from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.verdict_enum import VerdictEnum

T = TypeVar("T", bound="LatestAnalysis")


@_attrs_define
class LatestAnalysis:
    """The newest succeeded analysis of a deal, as its line in a list shows it.

    Attributes:
        id (int):
        verdict (VerdictEnum): * `buy` - buy
            * `wait` - wait
            * `skip` - skip
        score (int):
    """

    id: int
    verdict: VerdictEnum
    score: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        verdict = self.verdict.value

        score = self.score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "verdict": verdict,
                "score": score,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        verdict = VerdictEnum(d.pop("verdict"))

        score = d.pop("score")

        latest_analysis = cls(
            id=id,
            verdict=verdict,
            score=score,
        )

        latest_analysis.additional_properties = d
        return latest_analysis

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
