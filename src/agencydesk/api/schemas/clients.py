"""Client accounts out of the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from .common import IsoDateTime, StrictIn


class ClientFilter(StrictIn):
    q: str = Field("", max_length=200)
    status: str = Field("", max_length=20)
    updated_since: IsoDateTime | None = Field(
        None, description="Changed at or after this time (for syncing)."
    )
    ordering: Literal["name", "updated"] = Field(
        "name", description="`name`: by name; `updated`: last changed first."
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class ClientOut(Schema):
    slug: str
    name: str
    status: str
    country: str
    timezone: str
    language: str
    industry: str
    website: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_country(obj: Any) -> str:
        return str(obj.country.code or "")


class ClientPage(Schema):
    items: list[ClientOut]
    next_cursor: str | None
