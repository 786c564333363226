from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.category_enum import CategoryEnum
from ..models.currency_enum import CurrencyEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedDealUpdateRequest")


@_attrs_define
class PatchedDealUpdateRequest:
    """PATCH and PUT: the version read must come along, as `version` (what the document
    requires) or as If-Match (`*` for any); with neither, 428.

        Attributes:
            version (int): The version you read (409 if it is no longer current).
            title (str | Unset): At least 3 characters besides spaces; spaces at either end are removed.
            description (str | Unset):
            price (str | Unset): From 0.01 to 1000000000, at most 2 decimal places, such as "19.99".
            original_price (None | str | Unset): From 0.01 to 1000000000, at most 2 decimal places, such as "19.99".
            currency (CurrencyEnum | Unset): * `AED` - AED
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
            url (str | Unset):
            category (CategoryEnum | Unset): * `electronics` - Electronics
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
    """

    version: int
    title: str | Unset = UNSET
    description: str | Unset = UNSET
    price: str | Unset = UNSET
    original_price: None | str | Unset = UNSET
    currency: CurrencyEnum | Unset = UNSET
    url: str | Unset = UNSET
    category: CategoryEnum | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        title = self.title

        description = self.description

        price = self.price

        original_price: None | str | Unset
        if isinstance(self.original_price, Unset):
            original_price = UNSET
        else:
            original_price = self.original_price

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
            currency = self.currency.value

        url = self.url

        category: str | Unset = UNSET
        if not isinstance(self.category, Unset):
            category = self.category.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "version": version,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title
        if description is not UNSET:
            field_dict["description"] = description
        if price is not UNSET:
            field_dict["price"] = price
        if original_price is not UNSET:
            field_dict["original_price"] = original_price
        if currency is not UNSET:
            field_dict["currency"] = currency
        if url is not UNSET:
            field_dict["url"] = url
        if category is not UNSET:
            field_dict["category"] = category

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        version = d.pop("version")

        title = d.pop("title", UNSET)

        description = d.pop("description", UNSET)

        price = d.pop("price", UNSET)

        def _parse_original_price(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        original_price = _parse_original_price(d.pop("original_price", UNSET))

        _currency = d.pop("currency", UNSET)
        currency: CurrencyEnum | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = CurrencyEnum(_currency)

        url = d.pop("url", UNSET)

        _category = d.pop("category", UNSET)
        category: CategoryEnum | Unset
        if isinstance(_category, Unset):
            category = UNSET
        else:
            category = CategoryEnum(_category)

        patched_deal_update_request = cls(
            version=version,
            title=title,
            description=description,
            price=price,
            original_price=original_price,
            currency=currency,
            url=url,
            category=category,
        )

        return patched_deal_update_request
