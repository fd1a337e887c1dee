"""Onboarding and offboarding checklist runs out of the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext
from ninja import Schema
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from agencydesk.onboarding.models import Kind

from .common import StrictIn


class RunFilter(StrictIn):
    client: str = Field("", max_length=60, description="A client's slug.")
    kind: str = Field("", max_length=20, description="onboarding or offboarding")
    state: str = Field("open", max_length=10, description="open, done or all")
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value and value not in Kind.values:
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value

    @field_validator("state")
    @classmethod
    def _state(cls, value: str) -> str:
        if value not in ("open", "done", "all"):
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value


class ProgressOut(Schema):
    total: int
    done: int
    overdue: int
    blocked: int
    percent: int


class RunOut(Schema):
    id: int
    client: str
    kind: str
    template: str
    start_date: date
    started_at: datetime
    completed_at: datetime | None
    progress: ProgressOut

    @staticmethod
    def resolve_client(obj: Any) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_template(obj: Any) -> str:
        return str(obj.template)

    @staticmethod
    def resolve_progress(obj: Any) -> Any:
        # The overview's counts (annotated) or the run page's (``progress_of``).
        return obj.api_progress


class RunItemOut(Schema):
    id: int
    key: str
    section: str
    title: str
    order: int
    owner: str | None
    due_date: date
    is_gate: bool
    done_at: datetime | None
    overdue: bool
    blocked_by: list[int]

    @staticmethod
    def resolve_section(obj: Any) -> str:
        # Shipped section names are message ids, as on the run page.
        return gettext(obj.section)

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj)

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return obj.owner.email if obj.owner_id else None

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_blocked_by(obj: Any) -> list[int]:
        return [item.pk for item in obj.blockers()]


class RunDetailOut(RunOut):
    items: list[RunItemOut]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())


class RunPage(Schema):
    items: list[RunOut]
    next_cursor: str | None
