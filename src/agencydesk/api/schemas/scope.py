"""Statements of work (with their lines and scope meter) and change requests
in and out of the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from agencydesk.work.models import ChangeRequest, ScopePeriod, ScopeUnit, Sow

from .common import IsoDateTime, StrictIn


def _one_of(value: str, choices: list[str]) -> str:
    if value and value not in choices:
        raise PydanticCustomError("invalid_choice", "Not one of the choices.")
    return value


class SowFilter(StrictIn):
    client: str = Field("", max_length=60, description="A client's slug.")
    status: str = Field("", max_length=12, description="draft, sent, confirmed, …")
    updated_since: IsoDateTime | None = Field(
        None, description="Changed at or after this time (for syncing)."
    )
    ordering: Literal["created", "updated"] = Field(
        "created", description="`created`: newest first; `updated`: last changed first."
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _one_of(value, Sow.Status.values)


class LineOut(Schema):
    id: int
    what: str
    quantity: Decimal
    unit: str
    period: str
    area: str | None

    @staticmethod
    def resolve_area(obj: Any) -> str | None:
        return str(obj.area) if obj.area_id else None


class SowOut(Schema):
    id: int
    client: str
    project: int | None
    version: int
    title: str
    status: str
    sent_at: datetime | None
    sent_to: str | None
    confirmed_at: datetime | None
    confirmed_by: str | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_client(obj: Any) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_project(obj: Any) -> int | None:
        return obj.project_id

    @staticmethod
    def resolve_sent_to(obj: Any) -> str | None:
        return str(obj.sent_to) if obj.sent_to_id else None

    @staticmethod
    def resolve_confirmed_by(obj: Any) -> str | None:
        return str(obj.confirmed_by) if obj.confirmed_by_id else None


class MeterRowOut(Schema):
    """Delivered against contracted for one line in its period holding ``on``."""

    line: int
    what: str
    unit: str
    first: date
    last: date
    used: Decimal
    contracted: Decimal
    percent: int
    level: str

    @staticmethod
    def resolve_line(obj: Any) -> int:
        return obj.line.pk

    @staticmethod
    def resolve_what(obj: Any) -> str:
        return obj.line.what

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.line.unit


class MeterOut(Schema):
    on: date
    rows: list[MeterRowOut]


class SowDetailOut(SowOut):
    exclusions: str
    phase_two: str
    lines: list[LineOut]
    meter: MeterOut

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())

    @staticmethod
    def resolve_meter(obj: Any) -> dict[str, Any]:
        # Set by the handler from ``scope_selectors.scope_meter``.
        return obj.api_meter


class SowPage(Schema):
    items: list[SowOut]
    next_cursor: str | None


class ChangeRequestFilter(StrictIn):
    client: str = Field("", max_length=60, description="A client's slug.")
    status: str = Field("", max_length=10, description="draft, sent, approved, …")
    updated_since: IsoDateTime | None = Field(
        None, description="Changed at or after this time (for syncing)."
    )
    ordering: Literal["created", "updated"] = Field(
        "created", description="`created`: newest first; `updated`: last changed first."
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _one_of(value, ChangeRequest.Status.values)


class ChangeRequestOut(Schema):
    id: int
    reference: str
    client: str
    sow: int | None
    project: int | None
    ticket: int | None
    title: str
    status: str
    hours: float
    cost_amount: Decimal | None
    cost_currency: str
    shift_days: int
    sent_at: datetime | None
    decided_at: datetime | None
    decided_by: str | None
    decision_note: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_reference(obj: Any) -> str:
        return f"CR-{obj.pk}"

    @staticmethod
    def resolve_client(obj: Any) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_sow(obj: Any) -> int | None:
        return obj.sow_id

    @staticmethod
    def resolve_project(obj: Any) -> int | None:
        return obj.project_id

    @staticmethod
    def resolve_ticket(obj: Any) -> int | None:
        return obj.ticket.number if obj.ticket_id else None

    @staticmethod
    def resolve_hours(obj: Any) -> float:
        return obj.total_hours

    @staticmethod
    def resolve_decided_by(obj: Any) -> str | None:
        return str(obj.decided_by) if obj.decided_by_id else None


class MilestoneRefOut(Schema):
    id: int
    title: str
    due: date


class ChangeRequestLineOut(LineOut):
    sow_line: int | None

    @staticmethod
    def resolve_sow_line(obj: Any) -> int | None:
        return obj.sow_line_id


class ChangeRequestDetailOut(ChangeRequestOut):
    description: str
    reason: str
    # Minutes of work by staff role: the agency's estimate (staff only; a
    # contact sees the total ``hours`` as the portal shows it).
    minutes_by_role: dict[str, int] | None
    milestones: list[MilestoneRefOut]
    lines: list[ChangeRequestLineOut]

    @staticmethod
    def resolve_minutes_by_role(obj: Any, context: Any) -> dict[str, int] | None:
        if not context["request"].viewer.is_staff:
            return None
        return {role: int(m) for role, m in (obj.hours_by_role or {}).items()}

    @staticmethod
    def resolve_milestones(obj: Any) -> list[Any]:
        return list(obj.milestones.all())

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())


class ChangeRequestPage(Schema):
    items: list[ChangeRequestOut]
    next_cursor: str | None


_QUANTITY = {"gt": 0, "le": 100000, "max_digits": 8, "decimal_places": 2}
_HOURS = {"ge": 0, "le": 10000, "max_digits": 7, "decimal_places": 2}


class LineIn(StrictIn):
    """A line the approval adds to the SOW, or adds to ``sow_line`` (then its
    unit, period and area are the line's)."""

    what: str = Field("", max_length=200)
    quantity: Decimal = Field(..., **_QUANTITY)
    unit: str = Field(ScopeUnit.DELIVERABLES, max_length=14)
    period: str = Field(ScopePeriod.MONTH, max_length=8)
    area: int | None = Field(None, ge=1, le=2_147_483_647)
    sow_line: int | None = Field(None, ge=1, le=2_147_483_647)

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str) -> str:
        if value not in ScopeUnit.values:
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        if value not in ScopePeriod.values:
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value


class HoursIn(StrictIn):
    """Hours the work needs, by staff role (the page's fields)."""

    account_manager: Decimal | None = Field(None, **_HOURS)
    specialist: Decimal | None = Field(None, **_HOURS)
    agency_lead: Decimal | None = Field(None, **_HOURS)


class ChangeRequestIn(StrictIn):
    """A draft change request on a statement of work (as *New change request*
    on its page), with the lines its approval adds."""

    sow: int = Field(..., ge=1, le=2_147_483_647)
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=20000)
    reason: str = Field("", max_length=20000)
    hours: HoursIn = Field(default_factory=HoursIn)
    shift_days: int = Field(0, ge=0, le=250)
    milestones: list[int] = Field(default_factory=list, max_length=100)
    lines: list[LineIn] = Field(default_factory=list, max_length=50)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("missing", "This field is required.")
        return value


class SendIn(StrictIn):
    contact: int = Field(..., ge=1, le=2_147_483_647, description="A contact's id.")


class DecideIn(StrictIn):
    """Approve or reject, as the portal's form, with an optional note."""

    decision: str = Field(..., max_length=10, description="approve or reject")
    note: str = Field("", max_length=2000)

    @field_validator("decision")
    @classmethod
    def _decision(cls, value: str) -> str:
        if value not in ("approve", "reject"):
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value
