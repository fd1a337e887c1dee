"""/projects and /tasks: the project pages' data and writes, through the work
app's selectors and services. Staff only, as the pages: the portal shows a
client no projects or tasks, so a contact's token is 403."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, require
from agencydesk.people.selectors import staff_pick_resolve
from agencydesk.work import services
from agencydesk.work.models import (
    Area,
    Milestone,
    Phase,
    Project,
    ProjectTemplate,
    Task,
)
from agencydesk.work.selectors import (
    TaskFilters,
    project_for_page,
    project_tasks_filtered,
    projects_for_list,
    task_for_page,
)

from ..auth import PROJECTS_READ, PROJECTS_WRITE
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.work import (
    ProjectDetailOut,
    ProjectFilter,
    ProjectIn,
    ProjectPage,
    TaskFilter,
    TaskIn,
    TaskMoveIn,
    TaskOut,
    TaskPage,
    TaskPatch,
)
from ..services import idempotent_create
from ._shared import SYNC_ORDERINGS, field_error

projects = Router(tags=["projects"])
tasks = Router(tags=["tasks"])


def _project(request: HttpRequest, project_id: int, action: str = "view") -> Project:
    require(request.viewer, "work.view_project")
    return access_object(request.viewer, project_for_page(), project_id, action=action)


def _task(request: HttpRequest, task_id: int, action: str = "view") -> Task:
    require(request.viewer, "work.view_task")
    return access_object(request.viewer, task_for_page(), task_id, action=action)


def _staff(request: HttpRequest, name: str, text: str) -> Any:
    person = staff_pick_resolve(request.viewer, text)
    if person is None:
        raise field_error(name, _("Nobody on the staff has this address."))
    return person


# Django's own sentence (translated in every language already).
INVALID_CHOICE = (
    "Select a valid choice. That choice is not one of the available choices."
)


def _choice(model: Any, name: str, pk: int | None, **scope: Any) -> Any:
    """The row a field names among the page form's choices, or a 422 on it."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, **scope).first()
    if found is None:
        raise field_error(name, _(INVALID_CHOICE))
    return found


# --- projects -------------------------------------------------------------------


@projects.get("", response={200: ProjectPage, **ERRORS}, auth=PROJECTS_READ)
def project_list(request: HttpRequest, filters: Query[ProjectFilter]) -> Any:
    """Projects, newest first, as the project list filters them."""
    viewer = request.viewer
    require(viewer, "work.view_project")
    client = None
    if filters.client:
        try:
            client = access_object(viewer, Client, filters.client, field_name="slug")
        except Http404:
            return {"items": [], "next_cursor": None}  # not theirs: nothing
    rows = projects_for_list(
        viewer=viewer,
        client=client,
        status=filters.status,
        updated_since=filters.updated_since,
    )
    items, cursor = cursor_page(
        rows,
        ordering=SYNC_ORDERINGS[filters.ordering],
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@projects.get(
    "/{int:project_id}",
    response={200: ProjectDetailOut, **ERRORS},
    auth=PROJECTS_READ,
)
def project_get(request: HttpRequest, project_id: int) -> Project:
    """One project with its phases and milestones."""
    return _project(request, project_id)


@projects.post("", response={201: ProjectDetailOut, **ERRORS}, auth=PROJECTS_WRITE)
def project_create(
    request: HttpRequest,
    payload: ProjectIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=255),
) -> Any:
    """Start a project, from a template when one is named. With an
    ``Idempotency-Key`` a retry starts no second one."""
    require(request.viewer, "work.add_project")

    def create() -> tuple[int, Any]:
        client = access_object(
            request.viewer, Client, payload.client, field_name="slug"
        )
        project = services.project_create(
            actor=request.user,
            client=client,
            name=payload.name,
            method=payload.method,
            start=payload.start,
            owner=_staff(request, "owner", payload.owner),
            template=_choice(ProjectTemplate, "template", payload.template),
        )
        fresh = _project(request, project.pk)
        body = ProjectDetailOut.from_orm(fresh).model_dump(mode="json")
        return 201, body

    status, body = idempotent_create(
        actor=request.user,
        key=idempotency_key,
        payload=payload.model_dump(mode="json"),
        create=create,
    )
    return JsonResponse(body, status=status)


# --- tasks ----------------------------------------------------------------------

TASK_ORDER = ("-updated_at", "-pk")


@projects.get(
    "/{int:project_id}/tasks", response={200: TaskPage, **ERRORS}, auth=PROJECTS_READ
)
def task_list(
    request: HttpRequest, project_id: int, filters: Query[TaskFilter]
) -> dict[str, Any]:
    """The project's tasks, last changed first, filtered."""
    project = _project(request, project_id)
    require(request.viewer, "work.view_task")
    owner = None
    if filters.owner:
        owner = staff_pick_resolve(request.viewer, filters.owner)
        if owner is None:
            return {"items": [], "next_cursor": None}  # nobody: no tasks of theirs
    rows = project_tasks_filtered(
        project=project,
        filters=TaskFilters(
            status=filters.status,
            owner=owner,
            area=filters.area,
            due_after=filters.due_after,
            due_before=filters.due_before,
            updated_since=filters.updated_since,
        ),
    )
    items, cursor = cursor_page(
        rows, ordering=TASK_ORDER, cursor=filters.cursor, limit=filters.limit
    )
    return {"items": items, "next_cursor": cursor}


@projects.post(
    "/{int:project_id}/tasks", response={201: TaskOut, **ERRORS}, auth=PROJECTS_WRITE
)
def task_create(
    request: HttpRequest,
    project_id: int,
    payload: TaskIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=255),
) -> Any:
    """Add a task to the project, at the end of its column."""
    require(request.viewer, "work.add_task")
    project = _project(request, project_id)

    def create() -> tuple[int, Any]:
        task = services.task_create(
            actor=request.user,
            project=project,
            title=payload.title,
            description=payload.description,
            status=payload.status,
            area=_choice(Area, "area", payload.area, is_active=True),
            owner=_staff(request, "owner", payload.owner) if payload.owner else None,
            start=payload.start,
            due=payload.due,
            estimate_minutes=payload.estimate_minutes,
            phase=_choice(Phase, "phase", payload.phase, project=project),
            milestone=_choice(
                Milestone, "milestone", payload.milestone, project=project
            ),
        )
        return 201, TaskOut.from_orm(_task(request, task.pk)).model_dump(mode="json")

    status, body = idempotent_create(
        actor=request.user,
        key=idempotency_key,
        payload={"project": project.pk, **payload.model_dump(mode="json")},
        create=create,
    )
    return JsonResponse(body, status=status)


@tasks.get("/{int:task_id}", response={200: TaskOut, **ERRORS}, auth=PROJECTS_READ)
def task_get(request: HttpRequest, task_id: int) -> Task:
    """One task."""
    return _task(request, task_id)


@tasks.patch("/{int:task_id}", response={200: TaskOut, **ERRORS}, auth=PROJECTS_WRITE)
def task_update(request: HttpRequest, task_id: int, payload: TaskPatch) -> Any:
    """Change the fields sent; a stale ``version`` is 409 ``task_changed``."""
    task = _task(request, task_id, action="change")
    sent = payload.model_fields_set - {"version"}
    if "title" in sent and payload.title is None:
        raise field_error("title", _("This field is required."))
    changes: dict[str, Any] = {}
    for name in sent & {"title", "start", "due", "estimate_minutes"}:
        changes[name] = getattr(payload, name)
    if "description" in sent:
        changes["description"] = payload.description or ""
    if "owner" in sent:
        text = payload.owner or ""
        changes["owner"] = _staff(request, "owner", text) if text else None
    if "area" in sent:
        changes["area"] = _choice(Area, "area", payload.area, is_active=True)
    project = task.project
    if "phase" in sent:
        changes["phase"] = _choice(Phase, "phase", payload.phase, project=project)
    if "milestone" in sent:
        changes["milestone"] = _choice(
            Milestone, "milestone", payload.milestone, project=project
        )
    services.task_update(
        actor=request.user, task=task, version=payload.version, **changes
    )
    return _task(request, task_id)


@tasks.post(
    "/{int:task_id}/move", response={200: TaskOut, **ERRORS}, auth=PROJECTS_WRITE
)
def task_move(request: HttpRequest, task_id: int, payload: TaskMoveIn) -> Any:
    """Move to another column of the board; a stale ``version`` is 409."""
    task = _task(request, task_id, action="change")
    services.task_move(
        actor=request.user, task=task, status=payload.status, version=payload.version
    )
    return Status(200, _task(request, task_id))
