"""Meetings (with agenda, minutes, decisions and action items) out of the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from agencydesk.meetings.models import MeetingKind

from .common import IsoDateTime, StrictIn


class MeetingFilter(StrictIn):
    client: str = Field("", max_length=60, description="A client's slug.")
    from_: IsoDateTime | None = Field(
        None, alias="from", description="Meetings starting from this time."
    )
    to: IsoDateTime | None = Field(None, description="Meetings starting before this.")
    updated_since: IsoDateTime | None = Field(
        None, description="Changed at or after this time (for syncing)."
    )
    ordering: Literal["start", "updated"] = Field(
        "start",
        description="`start`: latest start first; `updated`: last changed first.",
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class AttendeeOut(Schema):
    full_name: str
    email: str


class ActionItemOut(Schema):
    id: int
    title: str
    owner: str | None
    due_date: date | None
    done_at: datetime | None

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return obj.owner.email if obj.owner_id else None


class MeetingOut(Schema):
    id: int
    client: str
    client_name: str
    kind: str
    kind_label: str
    title: str
    starts_at: datetime
    duration_minutes: int
    location: str
    rrule: str
    organizer: str | None
    staff: list[AttendeeOut]
    contacts: list[AttendeeOut]
    agenda: str
    minutes: str
    decisions: str
    action_items: list[ActionItemOut]
    cancelled_at: datetime | None
    # Moved by a change of the meeting, its attendees or its action items.
    updated_at: datetime

    @staticmethod
    def resolve_client(obj: Any) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_client_name(obj: Any) -> str:
        return obj.client.name

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(MeetingKind(obj.kind).label) if obj.kind in MeetingKind else ""

    @staticmethod
    def resolve_organizer(obj: Any) -> str | None:
        return obj.organizer.email if obj.organizer_id else None

    @staticmethod
    def resolve_staff(obj: Any) -> list[dict[str, str]]:
        return [{"full_name": u.full_name, "email": u.email} for u in obj.staff.all()]

    @staticmethod
    def resolve_contacts(obj: Any) -> list[dict[str, str]]:
        return [
            {"full_name": c.user.full_name, "email": c.user.email}
            for c in obj.contacts.all()
        ]

    @staticmethod
    def resolve_action_items(obj: Any) -> list[Any]:
        return list(obj.action_items.all())


class MeetingPage(Schema):
    items: list[MeetingOut]
    next_cursor: str | None
