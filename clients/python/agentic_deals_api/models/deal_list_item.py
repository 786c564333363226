from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.category_enum import CategoryEnum
from ..models.currency_enum import CurrencyEnum

if TYPE_CHECKING:
    from ..models.latest_analysis import LatestAnalysis


T = TypeVar("T", bound="DealListItem")


@_attrs_define
class DealListItem:
    """A deal in a list, with its latest verdict (null before its first successful analysis),
    so that a page of deals is one request.

        Attributes:
            id (int):
            title (str): At least 3 characters besides spaces; spaces at either end are removed.
            description (str):
            price (str): From 0.01 to 1000000000, at most 2 decimal places, such as "19.99".
            original_price (None | str): From 0.01 to 1000000000, at most 2 decimal places, such as "19.99".
            currency (CurrencyEnum): * `AED` - AED
                * `AFN` - AFN
                * `ALL` - ALL
                * `AMD` - AMD
                * `AOA` - AOA
                * `ARS` - ARS
                * `AUD` - AUD
                * `AWG` - AWG
                * `AZN` - AZN
                * `BAM` - BAM
                * `BBD` - BBD
                * `BDT` - BDT
                * `BGN` - BGN
                * `BHD` - BHD
                * `BIF` - BIF
                * `BMD` - BMD
                * `BND` - BND
                * `BOB` - BOB
                * `BRL` - BRL
                * `BSD` - BSD
                * `BTN` - BTN
                * `BWP` - BWP
                * `BYN` - BYN
                * `BZD` - BZD
                * `CAD` - CAD
                * `CDF` - CDF
                * `CHF` - CHF
                * `CLP` - CLP
                * `CNY` - CNY
                * `COP` - COP
                * `CRC` - CRC
                * `CUP` - CUP
                * `CVE` - CVE
                * `CZK` - CZK
                * `DJF` - DJF
                * `DKK` - DKK
                * `DOP` - DOP
                * `DZD` - DZD
                * `EGP` - EGP
                * `ERN` - ERN
                * `ETB` - ETB
                * `EUR` - EUR
                * `FJD` - FJD
                * `FKP` - FKP
                * `GBP` - GBP
                * `GEL` - GEL
                * `GHS` - GHS
                * `GIP` - GIP
                * `GMD` - GMD
                * `GNF` - GNF
                * `GTQ` - GTQ
                * `GYD` - GYD
                * `HKD` - HKD
                * `HNL` - HNL
                * `HTG` - HTG
                * `HUF` - HUF
                * `IDR` - IDR
                * `ILS` - ILS
                * `INR` - INR
                * `IQD` - IQD
                * `IRR` - IRR
                * `ISK` - ISK
                * `JMD` - JMD
                * `JOD` - JOD
                * `JPY` - JPY
                * `KES` - KES
                * `KGS` - KGS
                * `KHR` - KHR
                * `KMF` - KMF
                * `KPW` - KPW
                * `KRW` - KRW
                * `KWD` - KWD
                * `KYD` - KYD
                * `KZT` - KZT
                * `LAK` - LAK
                * `LBP` - LBP
                * `LKR` - LKR
                * `LRD` - LRD
                * `LSL` - LSL
                * `LYD` - LYD
                * `MAD` - MAD
                * `MDL` - MDL
                * `MGA` - MGA
                * `MKD` - MKD
                * `MMK` - MMK
                * `MNT` - MNT
                * `MOP` - MOP
                * `MRU` - MRU
                * `MUR` - MUR
                * `MVR` - MVR
                * `MWK` - MWK
                * `MXN` - MXN
                * `MYR` - MYR
                * `MZN` - MZN
                * `NAD` - NAD
                * `NGN` - NGN
                * `NIO` - NIO
                * `NOK` - NOK
                * `NPR` - NPR
                * `NZD` - NZD
                * `OMR` - OMR
                * `PAB` - PAB
                * `PEN` - PEN
                * `PGK` - PGK
                * `PHP` - PHP
                * `PKR` - PKR
                * `PLN` - PLN
                * `PYG` - PYG
                * `QAR` - QAR
                * `RON` - RON
                * `RSD` - RSD
                * `RUB` - RUB
                * `RWF` - RWF
                * `SAR` - SAR
                * `SBD` - SBD
                * `SCR` - SCR
                * `SDG` - SDG
                * `SEK` - SEK
                * `SGD` - SGD
                * `SHP` - SHP
                * `SLE` - SLE
                * `SOS` - SOS
                * `SRD` - SRD
                * `SSP` - SSP
                * `STN` - STN
                * `SVC` - SVC
                * `SYP` - SYP
                * `SZL` - SZL
                * `THB` - THB
                * `TJS` - TJS
                * `TMT` - TMT
                * `TND` - TND
                * `TOP` - TOP
                * `TRY` - TRY
                * `TTD` - TTD
                * `TWD` - TWD
                * `TZS` - TZS
                * `UAH` - UAH
                * `UGX` - UGX
                * `USD` - USD
                * `UYU` - UYU
                * `UZS` - UZS
                * `VES` - VES
                * `VND` - VND
                * `VUV` - VUV
                * `WST` - WST
                * `XAF` - XAF
                * `XCD` - XCD
                * `XCG` - XCG
                * `XOF` - XOF
                * `XPF` - XPF
                * `YER` - YER
                * `ZAR` - ZAR
                * `ZMW` - ZMW
                * `ZWG` - ZWG
            url (str):
            category (CategoryEnum): * `electronics` - Electronics
                * `fashion` - Fashion
                * `home` - Home
                * `toys` - Toys
                * `books` - Books
                * `sports` - Sports
                * `automotive` - Automotive
                * `health` - Health
                * `beauty` - Beauty
                * `grocery` - Grocery
                * `other` - Other
            discount_percent (float | None): Computed: how far below original_price.
            version (int):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            latest_analysis (LatestAnalysis | None):
    """

    id: int
    title: str
    description: str
    price: str
    original_price: None | str
    currency: CurrencyEnum
    url: str
    category: CategoryEnum
    discount_percent: float | None
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    latest_analysis: LatestAnalysis | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.latest_analysis import LatestAnalysis

        id = self.id

        title = self.title

        description = self.description

        price = self.price

        original_price: None | str
        original_price = self.original_price

        currency = self.currency.value

        url = self.url

        category = self.category.value

        discount_percent: float | None
        discount_percent = self.discount_percent

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        latest_analysis: dict[str, Any] | None
        if isinstance(self.latest_analysis, LatestAnalysis):
            latest_analysis = self.latest_analysis.to_dict()
        else:
            latest_analysis = self.latest_analysis

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "description": description,
                "price": price,
                "original_price": original_price,
                "currency": currency,
                "url": url,
                "category": category,
                "discount_percent": discount_percent,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
                "latest_analysis": latest_analysis,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.latest_analysis import LatestAnalysis

        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        description = d.pop("description")

        price = d.pop("price")

        def _parse_original_price(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        original_price = _parse_original_price(d.pop("original_price"))

        currency = CurrencyEnum(d.pop("currency"))

        url = d.pop("url")

        category = CategoryEnum(d.pop("category"))

        def _parse_discount_percent(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        discount_percent = _parse_discount_percent(d.pop("discount_percent"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_latest_analysis(data: object) -> LatestAnalysis | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                latest_analysis_type_0 = LatestAnalysis.from_dict(data)

                return latest_analysis_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LatestAnalysis | None, data)

        latest_analysis = _parse_latest_analysis(d.pop("latest_analysis"))

        deal_list_item = cls(
            id=id,
            title=title,
            description=description,
            price=price,
            original_price=original_price,
            currency=currency,
            url=url,
            category=category,
            discount_percent=discount_percent,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            latest_analysis=latest_analysis,
        )

        deal_list_item.additional_properties = d
        return deal_list_item

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
