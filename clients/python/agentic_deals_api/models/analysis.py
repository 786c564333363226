from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.analysis_status_enum import AnalysisStatusEnum

if TYPE_CHECKING:
    from ..models.analysis_error import AnalysisError
    from ..models.analysis_result import AnalysisResult


T = TypeVar("T", bound="Analysis")


@_attrs_define
class Analysis:
    """
    Attributes:
        id (int):
        deal_id (int):
        status (AnalysisStatusEnum): * `queued` - Queued
            * `running` - Running
            * `succeeded` - Succeeded
            * `failed` - Failed
        result (AnalysisResult | None):
        provider (str):
        degraded (bool):
        error (AnalysisError | None):
        cost (int): Tokens: while queued or running, what success will charge (held meanwhile); once succeeded, what was
            charged; 0 when it failed, since nothing was.
        created_at (datetime.datetime):
        finished_at (datetime.datetime | None):
    """

    id: int
    deal_id: int
    status: AnalysisStatusEnum
    result: AnalysisResult | None
    provider: str
    degraded: bool
    error: AnalysisError | None
    cost: int
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.analysis_error import AnalysisError
        from ..models.analysis_result import AnalysisResult

        id = self.id

        deal_id = self.deal_id

        status = self.status.value

        result: dict[str, Any] | None
        if isinstance(self.result, AnalysisResult):
            result = self.result.to_dict()
        else:
            result = self.result

        provider = self.provider

        degraded = self.degraded

        error: dict[str, Any] | None
        if isinstance(self.error, AnalysisError):
            error = self.error.to_dict()
        else:
            error = self.error

        cost = self.cost

        created_at = self.created_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "deal_id": deal_id,
                "status": status,
                "result": result,
                "provider": provider,
                "degraded": degraded,
                "error": error,
                "cost": cost,
                "created_at": created_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.analysis_error import AnalysisError
        from ..models.analysis_result import AnalysisResult

        d = dict(src_dict)
        id = d.pop("id")

        deal_id = d.pop("deal_id")

        status = AnalysisStatusEnum(d.pop("status"))

        def _parse_result(data: object) -> AnalysisResult | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = AnalysisResult.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AnalysisResult | None, data)

        result = _parse_result(d.pop("result"))

        provider = d.pop("provider")

        degraded = d.pop("degraded")

        def _parse_error(data: object) -> AnalysisError | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = AnalysisError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AnalysisError | None, data)

        error = _parse_error(d.pop("error"))

        cost = d.pop("cost")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        analysis = cls(
            id=id,
            deal_id=deal_id,
            status=status,
            result=result,
            provider=provider,
            degraded=degraded,
            error=error,
            cost=cost,
            created_at=created_at,
            finished_at=finished_at,
        )

        analysis.additional_properties = d
        return analysis

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
