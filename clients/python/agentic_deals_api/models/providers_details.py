from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.providers_details_providers import ProvidersDetailsProviders


T = TypeVar("T", bound="ProvidersDetails")


@_attrs_define
class ProvidersDetails:
    """How each AI provider's last attempt ended

    Attributes:
        providers (ProvidersDetailsProviders | Unset):
    """

    providers: ProvidersDetailsProviders | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        providers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.providers, Unset):
            providers = self.providers.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if providers is not UNSET:
            field_dict["providers"] = providers

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.providers_details_providers import ProvidersDetailsProviders

        d = dict(src_dict)
        _providers = d.pop("providers", UNSET)
        providers: ProvidersDetailsProviders | Unset
        if isinstance(_providers, Unset):
            providers = UNSET
        else:
            providers = ProvidersDetailsProviders.from_dict(_providers)

        providers_details = cls(
            providers=providers,
        )

        return providers_details
