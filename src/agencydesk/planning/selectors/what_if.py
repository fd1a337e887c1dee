"""The planner's "what if": the load a tentative project would put on people
(a template started on a day with a chosen team, or a planned project moved
to a day), computed from the tasks' estimates and never saved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from agencydesk.core.agency import agency_get, business_calendar
from agencydesk.core.calendar import business_days_after
from agencydesk.people.models import User
from agencydesk.work.demand_selectors import (
    TentativeTask,
    project_demand,
    template_demand,
)
from agencydesk.work.models import Project, ProjectTemplate

from .planner import PlannerRow, planner_rows


def _monday(day: date) -> date:
    return date.fromordinal(day.toordinal() - day.weekday())


@dataclass
class WhatIf:
    """A tentative project's tasks, who owns them, and (``rows``) those
    people's weeks with the project added."""

    name: str
    first_day: date
    tasks: list[TentativeTask]
    people: list[User]
    replaced_project_id: int | None = None
    rows: list[PlannerRow] = field(default_factory=list)

    def minutes(self) -> dict[tuple[int, date], int]:
        """The estimates per owner and week of their due date."""
        result: dict[tuple[int, date], int] = defaultdict(int)
        for task in self.tasks:
            if task.owner_id:
                result[(task.owner_id, _monday(task.due))] += task.minutes
        return dict(result)

    @property
    def unowned(self) -> list[TentativeTask]:
        return [task for task in self.tasks if not task.owner_id]

    @property
    def overloaded(self) -> list[User]:
        """The people whose week the project would take past 100%."""
        return [
            row.person for row in self.rows if any(c.over_what_if for c in row.cells)
        ]

    def later_than(self, weeks: Sequence[date]) -> int:
        """How many of its tasks fall due after the weeks shown."""
        return sum(1 for task in self.tasks if _monday(task.due) > weeks[-1])


def what_if_for(
    *,
    start: date,
    template: ProjectTemplate | None = None,
    project: Project | None = None,
    team: dict[str, User] | None = None,
) -> WhatIf:
    """The tasks of ``template`` started on ``start`` (the first working day
    on or after it, the agency's calendar) owned by ``team`` (role → person),
    or of a planned ``project`` (with its client) moved to start then."""
    if project is not None:
        calendar = business_calendar(project.client.calendar_id)
        first_day = business_days_after(calendar, start, 0)
        tasks = project_demand(project=project, first_day=first_day, calendar=calendar)
        name, replaced = project.name, project.pk
    else:
        assert template is not None
        calendar = business_calendar(agency_get().calendar_id)
        first_day = business_days_after(calendar, start, 0)
        tasks = template_demand(
            template=template,
            first_day=first_day,
            calendar=calendar,
            team=team or {},
        )
        name, replaced = str(template), None
    owners = {task.owner_id for task in tasks if task.owner_id}
    people = list(
        User.objects.filter(pk__in=owners)
        .select_related("staff_profile")
        .order_by("full_name", "pk")
    )
    return WhatIf(
        name=name,
        first_day=first_day,
        tasks=tasks,
        people=people,
        replaced_project_id=replaced,
    )


def what_if_rows(what_if: WhatIf, weeks: Sequence[date]) -> list[PlannerRow]:
    """The owners' weeks with their due tasks and the project's added: four
    queries whatever the number of people."""
    what_if.rows = planner_rows(
        people=what_if.people,
        weeks=weeks,
        demand=True,
        what_if=what_if.minutes(),
        replaced_project_id=what_if.replaced_project_id,
    )
    return what_if.rows
