"""KPIs and their data points out of and into the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from .common import IsoDate, StrictIn

Source = Literal["manual", "upload", "push"]


class KpiOut(Schema):
    id: int
    client: str
    metric: str
    metric_name: str
    unit: str
    higher_is_better: bool
    target: Decimal | None = Field(
        ..., description="The monthly target; null: no target."
    )
    source: Source
    updated_at: datetime

    @staticmethod
    def resolve_client(obj: Any) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_metric(obj: Any) -> str:
        return obj.metric.slug

    @staticmethod
    def resolve_metric_name(obj: Any) -> str:
        return obj.metric.name

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.metric.unit

    @staticmethod
    def resolve_higher_is_better(obj: Any) -> bool:
        return obj.metric.higher_is_better


class KpiPage(Schema):
    items: list[KpiOut]
    next_cursor: str | None


class KpiIn(StrictIn):
    client: str = Field(..., max_length=60, description="The client's short name.")
    metric: str = Field(..., max_length=40, description="The metric's short name.")
    target: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    source: Source = "manual"


class KpiFilter(StrictIn):
    client: str = Field("", max_length=60)
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class PointOut(Schema):
    day: date
    value: Decimal


class PointPage(Schema):
    items: list[PointOut]
    next_cursor: str | None


class PointFilter(StrictIn):
    since: IsoDate | None = None
    until: IsoDate | None = None
    cursor: str = Field("", max_length=500)
    limit: int = Field(100, ge=1, le=1000)


class PointIn(StrictIn):
    day: IsoDate
    value: Decimal = Field(..., max_digits=20, decimal_places=4)


class PointsIn(StrictIn):
    points: list[PointIn] = Field(..., min_length=1, max_length=1000)


class PointsOut(Schema):
    created: int
    updated: int
    unchanged: int


class PushOut(Schema):
    status: str = Field(..., description="imported")
    created: int
    updated: int
    unchanged: int
