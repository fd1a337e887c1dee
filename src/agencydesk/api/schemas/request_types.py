"""The desk's request types out of the API."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

from .common import StrictIn


class RequestTypeFilter(StrictIn):
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class RequestTypeOut(Schema):
    id: int
    # Shipped names come in the caller's language (Accept-Language).
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class RequestTypePage(Schema):
    items: list[RequestTypeOut]
    next_cursor: str | None
