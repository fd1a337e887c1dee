"""The token person's notifications out of the API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from .common import StrictIn


class NotificationFilter(StrictIn):
    unread: bool = Field(False, description="Only those not read yet.")
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class NotificationOut(Schema):
    id: int
    verb: str
    # Written in the recipient's language when it was sent.
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None


class MarkedOut(Schema):
    marked: int
