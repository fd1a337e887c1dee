"""Time entries and the running timer out of and into the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from agencydesk.timesheets.models import MAX_DAY_MINUTES

from .common import IsoDate, IsoDateTime, StrictIn


class TimeEntryFilter(StrictIn):
    person: str = Field("", max_length=254, description="A person's e-mail address.")
    client: str = Field(
        "", max_length=60, description='A client\'s slug, or "internal" (no client).'
    )
    from_: IsoDate | None = Field(None, alias="from", description="From this day on.")
    to: IsoDate | None = Field(None, description="Up to this day.")
    updated_since: IsoDateTime | None = Field(
        None, description="Changed at or after this time (for syncing)."
    )
    ordering: Literal["date", "updated"] = Field(
        "date", description="`date`: newest day first; `updated`: last changed first."
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


def _client_slug(obj: Any) -> str | None:
    return obj.client.slug if obj.client_id else None


def _client_name(obj: Any) -> str:
    return obj.client.name if obj.client_id else ""


def _ticket_number(obj: Any) -> int | None:
    return obj.ticket.number if obj.ticket_id else None


class TimeEntryOut(Schema):
    id: int
    person: str
    person_name: str
    date: date
    minutes: int
    client: str | None
    client_name: str
    project: str
    ticket: int | None
    note: str
    is_billable: bool
    # What the entry bills, at the rate in force on its day (as the list shows).
    bill_amount: Decimal
    bill_currency: str
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
        return _client_slug(obj)

    @staticmethod
    def resolve_client_name(obj: Any) -> str:
        return _client_name(obj)

    @staticmethod
    def resolve_ticket(obj: Any) -> int | None:
        return _ticket_number(obj)


class TimeEntryPage(Schema):
    items: list[TimeEntryOut]
    next_cursor: str | None


class TimeEntryIn(StrictIn):
    """Time spent on a day; no ``client`` is internal time, a ``ticket`` (its
    number) sets the client. An approver may record another ``person``'s."""

    date: IsoDate
    minutes: int = Field(..., ge=1, le=MAX_DAY_MINUTES)
    client: str = Field("", max_length=60, description="A client's slug.")
    project: str = Field("", max_length=120)
    ticket: int | None = Field(None, ge=1, le=2_147_483_647)
    note: str = Field("", max_length=500)
    is_billable: bool = True
    person: str = Field("", max_length=254, description="Whose time (e-mail).")


class TimeEntryPatch(StrictIn):
    """What to change; a field left out stays. ``client`` "" makes it internal,
    ``ticket`` 0 takes the ticket off."""

    date: IsoDate | None = None
    minutes: int | None = Field(None, ge=1, le=MAX_DAY_MINUTES)
    client: str | None = Field(None, max_length=60)
    project: str | None = Field(None, max_length=120)
    ticket: int | None = Field(None, ge=0, le=2_147_483_647)
    note: str | None = Field(None, max_length=500)
    is_billable: bool | None = None


class TimerIn(StrictIn):
    client: str = Field("", max_length=60, description="A client's slug.")
    project: str = Field("", max_length=120)
    ticket: int | None = Field(None, ge=1, le=2_147_483_647)
    note: str = Field("", max_length=500)
    is_billable: bool = True


class TimerOut(Schema):
    started_at: datetime
    client: str | None
    client_name: str
    project: str
    ticket: int | None
    note: str
    is_billable: bool

    @staticmethod
    def resolve_client(obj: Any) -> str | None:
        return _client_slug(obj)

    @staticmethod
    def resolve_client_name(obj: Any) -> str:
        return _client_name(obj)

    @staticmethod
    def resolve_ticket(obj: Any) -> int | None:
        return _ticket_number(obj)


class TimerCurrentOut(Schema):
    """The token person's running timer, or ``null``."""

    timer: TimerOut | None
