"""Reads of the project and task pages, each a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from agencydesk.core.access import Viewer
from agencydesk.core.models import Event
from agencydesk.core.timeline import TimelineEntry, timeline_entries
from agencydesk.desk.models import CLOSED_STATUSES, Stage

from .models import (
    ApprovalRound,
    ChangeRequest,
    Deliverable,
    Milestone,
    Project,
    Task,
    TaskComment,
    TaskDependency,
    TaskFile,
    TaskStatus,
    TicketProject,
)

HISTORY_LIMIT = 50


def projects_for_list(
    *,
    viewer: Viewer,
    client=None,
    status: str = "",
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Project]:
    """The projects the viewer may see, newest first (counted and paged
    without their tasks: ``with_task_counts`` adds those for one page),
    changed at or after ``updated_since`` (the API's sync)."""
    projects = Project.objects.visible_to(viewer)
    if updated_since is not None:
        projects = projects.filter(updated_at__gte=updated_since)
    if client is not None:
        projects = projects.filter(client=client)
    if status:
        projects = projects.filter(status=status)
    return projects.select_related("client", "owner").order_by("-created_at", "-pk")


def with_task_counts(projects: Sequence[Project]) -> None:
    """Set ``task_count`` and ``open_task_count`` on a page of projects (one
    query, on the board index)."""
    counts = {
        row["project_id"]: row
        for row in Task.objects.filter(project__in=[p.pk for p in projects])
        .values("project_id")
        .annotate(
            total=Count("pk"), open=Count("pk", filter=~Q(status=TaskStatus.DONE))
        )
        .order_by()
    }
    for project in projects:
        row = counts.get(project.pk, {})
        project.task_count = row.get("total", 0)
        project.open_task_count = row.get("open", 0)


def project_for_page() -> QuerySet[Project]:
    """A project with what its header shows (fetch through access_object)."""
    return Project.objects.select_related(
        "client", "owner", "template"
    ).prefetch_related("phases", "milestones")


def open_projects_of(client: Any) -> QuerySet[Project]:
    """A client's projects that still take tasks, the current one (active,
    started last) first."""
    return (
        Project.objects.filter(client=client)
        .exclude(status__in=[Project.Status.DONE, Project.Status.CANCELLED])
        .annotate(
            is_active=Case(
                When(status=Project.Status.ACTIVE, then=Value(0)), default=Value(1)
            )
        )
        .order_by("is_active", "-start", "-pk")
    )


# The most cards a board column shows: a project of thousands of tasks keeps
# a board that loads and reads (the list tab has them all).
BOARD_COLUMN_LIMIT = 50


@dataclass(frozen=True)
class Column:
    status: str
    label: str
    tasks: list[Task]
    total: int = 0

    @property
    def hidden(self) -> int:
        """The column's tasks beyond the cards shown."""
        return self.total - len(self.tasks)


def _tasks_of(project: Project) -> QuerySet[Task]:
    # The board index (work_t_board) serves the project's tasks in order.
    return Task.objects.filter(project=project).select_related("owner", "area")


def project_board(*, project: Project, limit: int = BOARD_COLUMN_LIMIT) -> list[Column]:
    """The project's tasks in one column per status, in board order, at most
    ``limit`` cards a column with the column's count (one query: window
    functions number and count each status's tasks)."""
    by_status: dict[str, list[Task]] = {value: [] for value in TaskStatus.values}
    totals: dict[str, int] = dict.fromkeys(TaskStatus.values, 0)
    board_order = [F("order").asc(), F("pk").asc()]
    tasks = (
        _tasks_of(project)
        .annotate(
            place=Window(RowNumber(), partition_by=F("status"), order_by=board_order),
            in_column=Window(Count("pk"), partition_by=F("status")),
        )
        .filter(place__lte=limit)
        .order_by("order", "pk")
    )
    for task in tasks:
        by_status[task.status].append(task)
        totals[task.status] = task.in_column
    return [
        Column(value, label, by_status[value], totals[value])
        for value, label in TaskStatus.choices
    ]


TASK_SORTS = {
    "due": ["due", "order", "pk"],
    "start": ["start", "order", "pk"],
    "title": ["title", "pk"],
    "status": ["status", "order", "pk"],
    "owner": ["owner__full_name", "due", "pk"],
    "area": ["area__order", "area__name", "due", "pk"],
}


def project_task_list(*, project: Project, sort: str = "due") -> QuerySet[Task]:
    """The project's tasks as a list, with phase and milestone (one query);
    ``-due`` sorts the other way."""
    descending = sort.startswith("-")
    order = TASK_SORTS.get(sort.lstrip("-"), TASK_SORTS["due"])
    if descending:
        order = [f"-{term}" for term in order]
    return _tasks_of(project).select_related("phase", "milestone").order_by(*order)


@dataclass(frozen=True)
class TaskFilters:
    """Filters of a project's task list (the API's; the page sorts)."""

    status: str = ""
    owner: Any = None
    area: Any = None
    due_after: datetime.date | None = None
    due_before: datetime.date | None = None
    updated_since: datetime.datetime | None = None


def project_tasks_filtered(*, project: Project, filters: TaskFilters) -> QuerySet[Task]:
    """The project's tasks narrowed by status, owner, area, due dates (both
    ends included) and last change, with what a task's row shows (one query)."""
    tasks = _tasks_of(project).select_related(
        "phase", "milestone", "project__client", "ticket"
    )
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.owner is not None:
        tasks = tasks.filter(owner=filters.owner)
    if filters.area is not None:
        tasks = tasks.filter(area=filters.area)
    if filters.due_after is not None:
        tasks = tasks.filter(due__gte=filters.due_after)
    if filters.due_before is not None:
        tasks = tasks.filter(due__lte=filters.due_before)
    if filters.updated_since is not None:
        tasks = tasks.filter(updated_at__gte=filters.updated_since)
    return tasks


def task_for_page() -> QuerySet[Task]:
    """A task with everything its page shows (fetch through access_object)."""
    return Task.objects.select_related(
        "project__client", "owner", "area", "phase", "milestone", "ticket"
    ).prefetch_related(
        "collaborators",
        "checklist",
        Prefetch(
            "waits_for",
            queryset=TaskDependency.objects.select_related("depends_on").order_by("pk"),
        ),
        Prefetch(
            "blocks",
            queryset=TaskDependency.objects.select_related("task").order_by("pk"),
        ),
    )


def task_history(*, viewer: Viewer, task: Task) -> list[TimelineEntry]:
    """What happened to a task, newest first (the timeline's target index)."""
    events = (
        Event.objects.visible_to(viewer)
        .filter(
            target_type=ContentType.objects.get_for_model(Task),
            target_id=str(task.pk),
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")[:HISTORY_LIMIT]
    )
    return timeline_entries(events)


def ticket_tasks(*, viewer: Viewer, ticket: Any) -> list[Task]:
    """The tasks the viewer may see that were made from a ticket, in the
    order of its steps, with project and owner (one query)."""
    return list(
        Task.objects.visible_to(viewer)
        .filter(ticket=ticket)
        .select_related("project", "owner")
        .order_by("pk")
    )


def ticket_project_refusal(ticket: Any, *, has_tasks: bool) -> str:
    """Why the project of a ticket's production cannot be chosen now, as a
    sentence, or "" when it can (the service's rules, asked by the panel so
    it never offers a choice the service refuses)."""
    if ticket.status in CLOSED_STATUSES:
        return _("The ticket is closed: reopen it to choose where its work goes.")
    if has_tasks:
        return _("The ticket's tasks are made already; they stay in their project.")
    if ticket.stage == Stage.DELIVERY:
        return _("The ticket is past Production: its work has been done.")
    return ""


def production_projects(*, viewer: Viewer, ticket: Any) -> list[Project]:
    """The projects a ticket's production may go to (the client's planned
    and active ones, the current first), each marked ``picked`` when the
    ticket's work was sent to it (one query)."""
    return list(
        open_projects_of(ticket.client_id)
        .visible_to(viewer)
        .filter(status__in=TicketProject.TAKES_TASKS)
        .annotate(
            picked=Exists(
                TicketProject.objects.filter(ticket=ticket, project=OuterRef("pk"))
            )
        )
    )


def picked_project(ticket: Any) -> Project | None:
    """The project chosen for the ticket's production while it still takes
    tasks (one query)."""
    choice = (
        TicketProject.objects.filter(
            ticket=ticket, project__status__in=TicketProject.TAKES_TASKS
        )
        .select_related("project")
        .first()
    )
    return choice.project if choice else None


COMMENTS_LIMIT = 100


def task_comments(*, task: Task) -> list[TaskComment]:
    """The task's latest comments, oldest first, with author and the people
    they mention (two queries at any number)."""
    latest = (
        TaskComment.objects.filter(task=task)
        .select_related("author")
        .prefetch_related("mentions")
        .order_by("-created_at", "-pk")[:COMMENTS_LIMIT]
    )
    return list(reversed(latest))


def task_files(*, task: Task) -> list[TaskFile]:
    """The task's files, oldest first, with who added them (one query)."""
    return list(
        TaskFile.objects.filter(task=task)
        .select_related("uploaded_by")
        .order_by("created_at", "pk")
    )


def billable_milestones(*, project_ids: Sequence[int]) -> QuerySet[Milestone]:
    """Priced milestones of these projects that are reached: marked done and,
    when the client approves them, with deliverables every one of which has
    an approved round. Finance bills each once (what it bills is its own)."""
    deliverables = Deliverable.objects.filter(milestone=OuterRef("pk"))
    unapproved = deliverables.exclude(
        Exists(
            ApprovalRound.objects.filter(
                deliverable=OuterRef("pk"), status=ApprovalRound.Status.APPROVED
            )
        )
    )
    return (
        Milestone.objects.filter(
            project_id__in=project_ids, done_at__isnull=False, amount__isnull=False
        )
        .filter(
            Q(needs_client_approval=False)
            | (Exists(deliverables) & ~Exists(unapproved))
        )
        .select_related("project")
        .order_by("due", "pk")
    )


def approved_priced_change_requests(*, client_id: int) -> QuerySet[ChangeRequest]:
    """The client's approved change requests that carry a price, oldest
    decision first (finance bills each once)."""
    return ChangeRequest.objects.filter(
        client_id=client_id,
        status=ChangeRequest.Status.APPROVED,
        cost_amount__gt=0,
    ).order_by("decided_at", "pk")
