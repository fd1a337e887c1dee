"""Projects and tasks in and out of the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from agencydesk.work.models import Method, Project, TaskStatus

from .common import IsoDate, IsoDateTime, StrictIn


def _choice(value: str, allowed: list[str]) -> str:
    if value and value not in allowed:
        raise PydanticCustomError("invalid_choice", "Not one of the choices.")
    return value


class ProjectFilter(StrictIn):
    client: str = Field("", max_length=60, description="A client's slug.")
    status: str = Field("", max_length=20)
    updated_since: IsoDateTime | None = Field(
        None, description="Changed at or after this time (for syncing)."
    )
    ordering: Literal["created", "updated"] = Field(
        "created", description="`created`: newest first; `updated`: last changed first."
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _choice(value, Project.Status.values)


class PhaseOut(Schema):
    id: int
    title: str
    start: date
    end: date

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj)  # a shipped template's title, in the caller's language


class MilestoneOut(Schema):
    id: int
    title: str
    due: date
    needs_client_approval: bool
    done_at: datetime | None

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj)


class ProjectOut(Schema):
    id: int
    name: str
    client: str
    client_name: str
    method: str
    status: str
    start: date
    end: date | None
    owner: str
    template: str | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_client(obj: Any) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_client_name(obj: Any) -> str:
        return obj.client.name

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return obj.owner.email

    @staticmethod
    def resolve_template(obj: Any) -> str | None:
        return str(obj.template) if obj.template_id else None


class ProjectDetailOut(ProjectOut):
    phases: list[PhaseOut]
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_phases(obj: Any) -> list[Any]:
        return list(obj.phases.all())

    @staticmethod
    def resolve_milestones(obj: Any) -> list[Any]:
        return list(obj.milestones.all())


class ProjectPage(Schema):
    items: list[ProjectOut]
    next_cursor: str | None


class ProjectIn(StrictIn):
    """A new project of a client; from a template (its id) every phase,
    milestone and task is placed on the client's working days."""

    client: str = Field(..., min_length=1, max_length=60)
    name: str = Field(..., min_length=1, max_length=200)
    start: IsoDate
    owner: str = Field(..., min_length=1, max_length=254, description="An e-mail.")
    method: str = Field(Method.WATERFALL, max_length=10)
    template: int | None = Field(None, ge=1, le=2_147_483_647)

    @field_validator("method")
    @classmethod
    def _method(cls, value: str) -> str:
        return _choice(value, Method.values)


class TaskFilter(StrictIn):
    status: str = Field("", max_length=20)
    owner: str = Field("", max_length=254, description="A staff e-mail address.")
    area: int | None = Field(None, ge=1, le=2_147_483_647)
    due_after: IsoDate | None = None
    due_before: IsoDate | None = None
    updated_since: IsoDateTime | None = None
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _choice(value, TaskStatus.values)


class TaskOut(Schema):
    id: int
    project: int
    client: str
    title: str
    description: str
    status: str
    area: int | None
    area_name: str | None
    owner: str | None
    phase: int | None
    milestone: int | None
    start: date | None
    due: date | None
    estimate_minutes: int | None
    ticket: int | None
    version: int
    created_at: datetime
    updated_at: datetime
    done_at: datetime | None

    @staticmethod
    def resolve_project(obj: Any) -> int:
        return obj.project_id

    @staticmethod
    def resolve_client(obj: Any) -> str:
        return obj.project.client.slug

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj)

    @staticmethod
    def resolve_area(obj: Any) -> int | None:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Any) -> str | None:
        return str(obj.area) if obj.area_id else None

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return obj.owner.email if obj.owner_id else None

    @staticmethod
    def resolve_phase(obj: Any) -> int | None:
        return obj.phase_id

    @staticmethod
    def resolve_milestone(obj: Any) -> int | None:
        return obj.milestone_id

    @staticmethod
    def resolve_ticket(obj: Any) -> int | None:
        return obj.ticket.number if obj.ticket_id else None


class TaskPage(Schema):
    items: list[TaskOut]
    next_cursor: str | None


class TaskIn(StrictIn):
    """A new task of the project, at the end of its column."""

    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=20_000)
    status: str = Field(TaskStatus.TODO, max_length=20)
    area: int | None = Field(None, ge=1, le=2_147_483_647)
    owner: str = Field("", max_length=254, description="A staff e-mail address.")
    start: IsoDate | None = None
    due: IsoDate | None = None
    estimate_minutes: int | None = Field(None, ge=0, le=600_000)
    phase: int | None = Field(None, ge=1, le=2_147_483_647)
    milestone: int | None = Field(None, ge=1, le=2_147_483_647)

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        if value not in TaskStatus.values:
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value


class TaskPatch(StrictIn):
    """What to change, with the ``version`` last read; a field left out stays,
    ``null`` clears an optional one (owner ``""`` too)."""

    version: int = Field(..., ge=1, le=2_147_483_647)
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=20_000)
    area: int | None = Field(None, ge=1, le=2_147_483_647)
    owner: str | None = Field(None, max_length=254)
    start: IsoDate | None = None
    due: IsoDate | None = None
    estimate_minutes: int | None = Field(None, ge=0, le=600_000)
    phase: int | None = Field(None, ge=1, le=2_147_483_647)
    milestone: int | None = Field(None, ge=1, le=2_147_483_647)


class TaskMoveIn(StrictIn):
    status: str = Field(..., max_length=20)
    version: int = Field(..., ge=1, le=2_147_483_647)

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        if value not in TaskStatus.values:
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value
