"""The exchange rate table out of and into the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from agencydesk.core.money import CURRENCY_CODES

from .common import IsoDate, StrictIn

Currency = Literal[tuple(CURRENCY_CODES)]  # type: ignore[valid-type]


class ExchangeRateOut(Schema):
    id: int
    from_currency: str
    to_currency: str
    rate: Decimal = Field(
        ..., description="What 1 `from_currency` is worth in `to_currency`."
    )
    valid_from: date
    created_at: datetime


class ExchangeRatePage(Schema):
    items: list[ExchangeRateOut]
    next_cursor: str | None


class ExchangeRateIn(StrictIn):
    from_currency: Currency
    to_currency: Currency
    rate: Decimal = Field(..., gt=0, max_digits=20, decimal_places=8)
    valid_from: IsoDate


class ExchangeRateFilter(StrictIn):
    from_currency: Literal["", *CURRENCY_CODES] = ""  # type: ignore[valid-type]
    to_currency: Literal["", *CURRENCY_CODES] = ""  # type: ignore[valid-type]
    on: IsoDate | None = Field(
        None, description="Only the rates valid from this day or before."
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)
