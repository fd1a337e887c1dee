"""Reads of the work people owe (issue #13 item 4): the estimates of open
tasks per owner and week of their due date, and the tasks a template or a
planned project would add if it started on a given day — computed, never
saved, for the planner's "what if".

Where a template's items fall is one rule (``template_layout``), used by
``project_create`` and by the what-if alike."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Sum

from agencydesk.core.calendar import BusinessCalendar, business_days_after

from .models import Project, ProjectTemplate, Task, TaskStatus, TemplateItem

# Tasks of these projects are no demand any more.
_CLOSED_PROJECTS = (Project.Status.DONE, Project.Status.CANCELLED)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class PlacedItem:
    """A template item on the calendar: its first and last working day."""

    item: TemplateItem
    start: date
    end: date


def template_layout(
    items: Iterable[TemplateItem], first_day: date, calendar: BusinessCalendar
) -> list[PlacedItem]:
    """Each item ``offset`` business days after ``first_day`` (a working day);
    a phase or task of ``duration`` days ends ``duration - 1`` business days
    after its start, a milestone is one day."""
    placed = []
    for item in items:
        start = business_days_after(calendar, first_day, item.offset_days)
        end = start
        if item.kind != TemplateItem.Kind.MILESTONE:
            end = business_days_after(calendar, start, max(item.duration_days - 1, 0))
        placed.append(PlacedItem(item=item, start=start, end=end))
    return placed


def task_demand(
    *,
    user_ids: Sequence[int],
    first: date,
    last: date,
    exclude_project_id: int | None = None,
) -> dict[tuple[int, date], int]:
    """Estimated minutes of the open tasks each person owns, per week (its
    Monday) of their due date between ``first`` and ``last``: one aggregate
    query (the ``work_t_owner`` index) whatever the number of people."""
    rows = (
        Task.objects.filter(
            owner_id__in=list(user_ids),
            due__gte=first,
            due__lte=last,
            estimate_minutes__isnull=False,
        )
        .exclude(status=TaskStatus.DONE)
        .exclude(project__status__in=_CLOSED_PROJECTS)
    )
    if exclude_project_id is not None:
        rows = rows.exclude(project_id=exclude_project_id)
    demand: dict[tuple[int, date], int] = defaultdict(int)
    for row in (
        rows.values("owner_id", "due")
        .annotate(total=Sum("estimate_minutes"))
        .order_by()
    ):
        demand[(row["owner_id"], _monday(row["due"]))] += row["total"]
    return dict(demand)


@dataclass(frozen=True)
class TentativeTask:
    """A task a tentative project would bring: its estimate, owed by its
    owner (None: nobody in that role was chosen) in the week it is due."""

    title: str
    owner_id: int | None
    role: str
    due: date
    minutes: int


def template_demand(
    *,
    template: ProjectTemplate,
    first_day: date,
    calendar: BusinessCalendar,
    team: dict[str, Any],
) -> list[TentativeTask]:
    """The estimated tasks of a template started on ``first_day``, owned by
    the person ``team`` names for each item's role (one query)."""
    items = list(template.items.order_by("order", "pk"))
    result = []
    for placed in template_layout(items, first_day, calendar):
        item = placed.item
        if item.kind != TemplateItem.Kind.TASK or not item.estimate_minutes:
            continue
        owner = team.get(item.owner_role)
        result.append(
            TentativeTask(
                title=item.title,
                owner_id=owner.pk if owner else None,
                role=item.owner_role,
                due=placed.end,
                minutes=item.estimate_minutes,
            )
        )
    return result


def _business_days_between(calendar: BusinessCalendar, start: date, day: date) -> int:
    """Working days after ``start`` up to and including ``day``."""
    count, current = 0, start + timedelta(days=1)
    while current <= day:
        count += calendar.is_business_day(current)
        current += timedelta(days=1)
    return count


def project_demand(
    *, project: Project, first_day: date, calendar: BusinessCalendar
) -> list[TentativeTask]:
    """A planned project's open, estimated tasks moved to start on
    ``first_day``: each keeps its owner and its distance in working days from
    the project's start (one query)."""
    tasks = (
        Task.objects.filter(
            project=project, due__isnull=False, estimate_minutes__isnull=False
        )
        .exclude(status=TaskStatus.DONE)
        .order_by("due", "pk")
    )
    return [
        TentativeTask(
            title=task.title,
            owner_id=task.owner_id,
            role="",
            due=business_days_after(
                calendar,
                first_day,
                _business_days_between(calendar, project.start, task.due),
            ),
            minutes=task.estimate_minutes,
        )
        for task in tasks
    ]
