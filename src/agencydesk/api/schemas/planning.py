"""Allocations (the planner's bookings) and capacity out of and into the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from agencydesk.planning.models import MAX_WEEK_MINUTES
from agencydesk.planning.selectors import PLANNER_WEEKS

from .common import IsoDate, IsoDateTime, StrictIn


class AllocationFilter(StrictIn):
    person: str = Field("", max_length=254, description="A person's e-mail address.")
    client: str = Field(
        "", max_length=60, description='A client\'s slug, or "internal" (no client).'
    )
    week: IsoDate | None = Field(None, description="Any day of the week.")
    from_: IsoDate | None = Field(None, alias="from", description="Weeks from this.")
    to: IsoDate | None = Field(None, description="Weeks up to this day.")
    updated_since: IsoDateTime | None = Field(
        None, description="Changed at or after this time (for syncing)."
    )
    ordering: Literal["week", "updated"] = Field(
        "week", description="`week`: by week; `updated`: last changed first."
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class AllocationOut(Schema):
    id: int
    person: str
    person_name: str
    week: date
    client: str | None
    client_name: str
    project: str
    minutes: int
    is_tentative: bool
    note: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_person(obj: Any) -> str:
        return obj.user.email

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.user.display_name

    @staticmethod
    def resolve_client(obj: Any) -> str | None:
        return obj.client.slug if obj.client_id else None

    @staticmethod
    def resolve_client_name(obj: Any) -> str:
        return obj.client.name if obj.client_id else ""


class AllocationPage(Schema):
    items: list[AllocationOut]
    next_cursor: str | None


_PERCENT = {"gt": 0, "le": 200, "max_digits": 5, "decimal_places": 2}


class AllocationIn(StrictIn):
    """A booking of a person's week: ``minutes``, or ``percent`` of their
    weekly capacity. A confirmed booking past 100% of the week is refused
    (``allocation_overload``) unless sent again with ``confirm``."""

    person: str = Field(..., min_length=1, max_length=254, description="E-mail.")
    week: IsoDate = Field(..., description="Any day of the week.")
    client: str = Field("", max_length=60, description="A client's slug.")
    project: str = Field("", max_length=120)
    minutes: int | None = Field(None, ge=1, le=MAX_WEEK_MINUTES)
    percent: Decimal | None = Field(None, **_PERCENT)
    is_tentative: bool = False
    note: str = Field("", max_length=300)
    confirm: bool = False


class AllocationPatch(StrictIn):
    """What to change; a field left out stays. ``is_tentative`` false
    confirms a tentative booking."""

    minutes: int | None = Field(None, ge=1, le=MAX_WEEK_MINUTES)
    percent: Decimal | None = Field(None, **_PERCENT)
    is_tentative: bool | None = None
    note: str | None = Field(None, max_length=300)
    confirm: bool = False


class CapacityFilter(StrictIn):
    start: IsoDate | None = Field(None, description="The first week (default: now).")
    weeks: int = Field(4, ge=1, le=PLANNER_WEEKS)
    person: str = Field("", max_length=254, description="A person's e-mail address.")
    client: str = Field(
        "", max_length=60, description="People booked for this client (a slug)."
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class CapacityWeekOut(Schema):
    """A person's week as the planner's cell shows it (minutes)."""

    week: date
    weekly_minutes: int
    holiday_minutes: int
    leave_minutes: int
    available_minutes: int
    confirmed_minutes: int
    tentative_minutes: int
    percent: int | None
    heat: str

    @staticmethod
    def resolve_week(obj: Any) -> date:
        return obj.capacity.week

    @staticmethod
    def resolve_weekly_minutes(obj: Any) -> int:
        return obj.capacity.weekly_minutes

    @staticmethod
    def resolve_holiday_minutes(obj: Any) -> int:
        return obj.capacity.holiday_minutes

    @staticmethod
    def resolve_leave_minutes(obj: Any) -> int:
        return obj.capacity.leave_minutes


class CapacityPersonOut(Schema):
    person: str
    person_name: str
    weeks: list[CapacityWeekOut]

    @staticmethod
    def resolve_person(obj: Any) -> str:
        return obj.person.email

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return obj.person.display_name

    @staticmethod
    def resolve_weeks(obj: Any) -> list[Any]:
        return obj.cells


class CapacityPage(Schema):
    items: list[CapacityPersonOut]
    next_cursor: str | None
