"""Webhook subscriptions in and out of the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from ..models import WebhookEventType
from .common import StrictIn

EventType = str


class WebhookFilter(StrictIn):
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class WebhookIn(StrictIn):
    url: str = Field(..., min_length=1, max_length=500)
    event_types: list[EventType] = Field(..., min_length=1, max_length=20)
    client: str = Field("", max_length=100, description="A client's slug, or empty")


class WebhookOut(Schema):
    id: int
    url: str
    event_types: list[str]
    client: str | None
    is_active: bool
    failures_in_row: int
    disabled_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_client(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj.get("client")
        return obj.client.slug if obj.client_id else None


class WebhookCreated(WebhookOut):
    secret: str = Field(description="The signing secret, shown only this once.")


class WebhookPage(Schema):
    items: list[WebhookOut]
    next_cursor: str | None


EVENT_TYPES = [t for t in WebhookEventType.values if t != WebhookEventType.PING]
