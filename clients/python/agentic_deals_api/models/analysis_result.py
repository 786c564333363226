from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.verdict_enum import VerdictEnum

T = TypeVar("T", bound="AnalysisResult")


@_attrs_define
class AnalysisResult:
    """
    Attributes:
        score (int):
        verdict (VerdictEnum): * `buy` - buy
            * `wait` - wait
            * `skip` - skip
        summary (str):
        pros (list[str]):
        cons (list[str]):
        discount_percent (float | None):
        confidence (float):
    """

    score: int
    verdict: VerdictEnum
    summary: str
    pros: list[str]
    cons: list[str]
    discount_percent: float | None
    confidence: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        score = self.score

        verdict = self.verdict.value

        summary = self.summary

        pros = self.pros

        cons = self.cons

        discount_percent: float | None
        discount_percent = self.discount_percent

        confidence = self.confidence

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "score": score,
                "verdict": verdict,
                "summary": summary,
                "pros": pros,
                "cons": cons,
                "discount_percent": discount_percent,
                "confidence": confidence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        score = d.pop("score")

        verdict = VerdictEnum(d.pop("verdict"))

        summary = d.pop("summary")

        pros = cast(list[str], d.pop("pros"))

        cons = cast(list[str], d.pop("cons"))

        def _parse_discount_percent(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        discount_percent = _parse_discount_percent(d.pop("discount_percent"))

        confidence = d.pop("confidence")

        analysis_result = cls(
            score=score,
            verdict=verdict,
            summary=summary,
            pros=pros,
            cons=cons,
            discount_percent=discount_percent,
            confidence=confidence,
        )

        analysis_result.additional_properties = d
        return analysis_result

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
