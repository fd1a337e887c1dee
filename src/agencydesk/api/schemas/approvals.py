"""Approval rounds (staff) and a contact's approval requests in and out of
the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from agencydesk.work.approvals_selectors import approval_refusal
from agencydesk.work.models import ApprovalRequest

from .common import StrictIn

STATES = ("waiting", "overdue", "decided", "all")


class RoundFilter(StrictIn):
    client: str = Field("", max_length=60, description="A client's slug.")
    state: str = Field("waiting", max_length=10)
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)

    @field_validator("state")
    @classmethod
    def _state(cls, value: str) -> str:
        if value not in STATES:
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value


class RoundRequestOut(Schema):
    id: int
    contact: str
    email: str
    decision: str
    comment: str
    decided_at: datetime | None

    @staticmethod
    def resolve_contact(obj: Any) -> str:
        return str(obj.contact)

    @staticmethod
    def resolve_email(obj: Any) -> str:
        return obj.contact.user.email


class RoundOut(Schema):
    id: int
    number: int
    status: str
    client: str
    project: int
    task: int
    deliverable: str
    version: int
    message: str
    sent_by: str | None
    sent_at: datetime
    closed_at: datetime | None
    overdue_from: date

    @staticmethod
    def resolve_client(obj: Any) -> str:
        return obj.deliverable.task.project.client.slug

    @staticmethod
    def resolve_project(obj: Any) -> int:
        return obj.deliverable.task.project_id

    @staticmethod
    def resolve_task(obj: Any) -> int:
        return obj.deliverable.task_id

    @staticmethod
    def resolve_deliverable(obj: Any) -> str:
        return obj.deliverable.title

    @staticmethod
    def resolve_version(obj: Any) -> int:
        return obj.version.number

    @staticmethod
    def resolve_sent_by(obj: Any) -> str | None:
        return obj.sent_by.email if obj.sent_by_id else None

    @staticmethod
    def resolve_overdue_from(obj: Any) -> date:
        return obj.remind_on


class RoundDetailOut(RoundOut):
    requests: list[RoundRequestOut]

    @staticmethod
    def resolve_requests(obj: Any) -> list[Any]:
        return list(obj.requests.all())


class RoundPage(Schema):
    items: list[RoundOut]
    next_cursor: str | None


class RequestFilter(StrictIn):
    state: str = Field("waiting", max_length=10)
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)

    @field_validator("state")
    @classmethod
    def _state(cls, value: str) -> str:
        if value not in ("waiting", "decided"):
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value


class ApprovalRequestOut(Schema):
    """What a contact is asked, as the portal's decision page shows it."""

    id: int
    project: str
    deliverable: str
    version: int
    version_note: str
    link: str
    filename: str
    round: int
    round_status: str
    message: str
    sent_at: datetime
    decision: str
    comment: str
    decided_at: datetime | None

    @staticmethod
    def resolve_project(obj: Any) -> str:
        return obj.round.deliverable.task.project.name

    @staticmethod
    def resolve_deliverable(obj: Any) -> str:
        return obj.round.deliverable.title

    @staticmethod
    def resolve_version(obj: Any) -> int:
        return obj.round.version.number

    @staticmethod
    def resolve_version_note(obj: Any) -> str:
        return obj.round.version.note

    @staticmethod
    def resolve_link(obj: Any) -> str:
        return obj.round.version.link

    @staticmethod
    def resolve_filename(obj: Any) -> str:
        return obj.round.version.filename

    @staticmethod
    def resolve_round(obj: Any) -> int:
        return obj.round.number

    @staticmethod
    def resolve_round_status(obj: Any) -> str:
        return obj.round.status

    @staticmethod
    def resolve_message(obj: Any) -> str:
        return obj.round.message

    @staticmethod
    def resolve_sent_at(obj: Any) -> datetime:
        return obj.round.sent_at


class ApprovalRequestDetailOut(ApprovalRequestOut):
    # Why it can no longer be decided ("" while it can): the service's rules.
    refusal: str

    @staticmethod
    def resolve_refusal(obj: Any) -> str:
        return str(approval_refusal(obj))


class ApprovalRequestPage(Schema):
    items: list[ApprovalRequestOut]
    next_cursor: str | None


class DecisionIn(StrictIn):
    """Approve, or ask for changes (a comment is required then), on the
    version the contact looked at."""

    decision: str = Field(..., max_length=10)
    comment: str = Field("", max_length=5000)
    version: int = Field(..., ge=1, le=2_147_483_647)

    @field_validator("decision")
    @classmethod
    def _decision(cls, value: str) -> str:
        if value not in ApprovalRequest.Decision.values:
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value
