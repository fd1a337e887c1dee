"""A client's timeline out of the API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from agencydesk.core.timeline import KIND_LABELS

from .common import IsoDateTime, StrictIn


class TimelineFilter(StrictIn):
    client: str = Field(..., min_length=1, max_length=60, description="A slug.")
    since: IsoDateTime | None = Field(None, description="Events from this time on.")
    kind: str = Field("", max_length=40)
    q: str = Field("", max_length=200)
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value and value not in KIND_LABELS:
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value


class TimelineEventOut(Schema):
    id: int
    verb: str
    kind: str
    kind_label: str
    actor: str
    # The timeline's sentence, in the caller's language.
    text: str
    created_at: datetime


class TimelinePage(Schema):
    items: list[TimelineEventOut]
    next_cursor: str | None
