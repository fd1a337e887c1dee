"""Tickets in and out of the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from agencydesk.desk.models import Priority, Stage, Status

from .common import IsoDateTime, StrictIn


def _choice(value: str, allowed: list[str]) -> str:
    if value and value not in allowed:
        raise PydanticCustomError("invalid_choice", "Not one of the choices.")
    return value


class TicketFilter(StrictIn):
    """The queue's filters; without ``status`` only active tickets are listed
    (``status=all`` lists every one)."""

    client: str = Field("", max_length=60, description="A client's slug.")
    stage: str = Field("", max_length=40)
    status: str = Field("", max_length=40)
    q: str = Field("", max_length=200)
    updated_since: IsoDateTime | None = None
    ordering: Literal["updated", "created", "number"] = "updated"
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)

    @field_validator("stage")
    @classmethod
    def _stage(cls, value: str) -> str:
        return _choice(value, Stage.values)

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _choice(value, [*Status.values, "all"])


class TicketOut(Schema):
    """A ticket. ``analyst`` and ``production_owner`` are null for a client's
    contact: who works on a ticket is the agency's business."""

    number: int
    reference: str
    title: str
    description: str
    client: str
    client_name: str
    stage: str
    status: str
    priority: str
    channel: str
    request_type: str | None
    requester: str | None
    analyst: str | None
    production_owner: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


class TicketPage(Schema):
    items: list[TicketOut]
    next_cursor: str | None


class TicketIn(StrictIn):
    """A new ticket; a contact's goes to their own client (``client`` may be
    left out), staff name the client by its slug."""

    client: str = Field("", max_length=60)
    requester: str = Field(
        "",
        max_length=254,
        description="E-mail address of the client's contact the request is"
        " from (staff): they hear of it by e-mail as from the desk. A contact's"
        " own requests are always theirs.",
    )
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=20000)
    priority: str = Field(Priority.NORMAL, max_length=20)

    @field_validator("priority")
    @classmethod
    def _priority(cls, value: str) -> str:
        return _choice(value, Priority.values)


class MessageIn(StrictIn):
    body: str = Field(..., min_length=1, max_length=50000)
    is_internal: bool = False


class MessageFilesIn(StrictIn):
    """The text parts of a reply sent with files."""

    body: str = Field(..., min_length=1, max_length=50000)
    is_internal: bool = False


class AttachmentOut(Schema):
    """A file of a message: download it at
    ``/tickets/{number}/messages/{message}/attachments/{id}``."""

    id: int
    filename: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    author: str | None
    body: str
    is_internal: bool
    channel: str
    created_at: datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_author(obj: Any) -> str | None:
        return obj.author.display_name if obj.author_id else None


class MessagePage(Schema):
    items: list[MessageOut]
    next_cursor: str | None


class MoveIn(StrictIn):
    stage: str = Field("", max_length=40)
    status: str = Field("", max_length=40)
    note: str = Field("", max_length=5000)
    version: int = Field(..., ge=1)

    @field_validator("stage")
    @classmethod
    def _stage(cls, value: str) -> str:
        return _choice(value, Stage.values)

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _choice(value, Status.values)


class AssignIn(StrictIn):
    """People by e-mail address (or name, as the staff picker reads them)."""

    analyst: str = Field("", max_length=200)
    production_owner: str = Field("", max_length=200)
    version: int = Field(..., ge=1)
