from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.analysis_status_enum import AnalysisStatusEnum

T = TypeVar("T", bound="AnalysisQueued")


@_attrs_define
class AnalysisQueued:
    """
    Attributes:
        id (int):
        deal_id (int):
        status (AnalysisStatusEnum): * `queued` - Queued
            * `running` - Running
            * `succeeded` - Succeeded
            * `failed` - Failed
        cost (int): Tokens: while queued or running, what success will charge (held meanwhile); once succeeded, what was
            charged; 0 when it failed, since nothing was.
        created_at (datetime.datetime):
    """

    id: int
    deal_id: int
    status: AnalysisStatusEnum
    cost: int
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        deal_id = self.deal_id

        status = self.status.value

        cost = self.cost

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "deal_id": deal_id,
                "status": status,
                "cost": cost,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        deal_id = d.pop("deal_id")

        status = AnalysisStatusEnum(d.pop("status"))

        cost = d.pop("cost")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        analysis_queued = cls(
            id=id,
            deal_id=deal_id,
            status=status,
            cost=cost,
            created_at=created_at,
        )

        analysis_queued.additional_properties = d
        return analysis_queued

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
