"""Reads of the views people plan from: "my work", the month calendars and the
project's timeline. Each is a fixed number of queries; the shapes (weeks of a
month, the timeline's geometry) are computed here so templates only draw."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import get_language, to_locale

from agencydesk.core.access import Viewer

from .models import Milestone, Project, Task, TaskDependency, TaskStatus

D = datetime.date
DAY = datetime.timedelta(days=1)

# The buckets of "my work" (open tasks by due date); "" is every open task.
PERIODS = ("overdue", "today", "week", "month")


# --- Weeks and months -----------------------------------------------------


def first_weekday(language: str | None = None) -> int:
    """The first day of the week where the reader lives (0 Monday … 6 Sunday),
    from Babel's locale data: Sunday for American English, Monday for
    Russian."""
    try:
        return Locale.parse(
            to_locale(language or get_language() or "en")
        ).first_week_day
    except (UnknownLocaleError, ValueError):
        return 0


def week_bounds(day: D, first: int | None = None) -> tuple[D, D]:
    """The first and last day of the week holding ``day``."""
    first = first_weekday() if first is None else first
    start = day - datetime.timedelta(days=(day.weekday() - first) % 7)
    return start, start + datetime.timedelta(days=6)


def month_bounds(day: D) -> tuple[D, D]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def parse_month(raw: Any, today: D) -> D:
    """The first day of the month asked as ``YYYY-MM`` (this month when the
    text is anything else)."""
    try:
        year, month = (int(part) for part in str(raw).split("-"))
        if 1900 <= year <= 2999:
            return D(year, month, 1)
    except (TypeError, ValueError):
        pass
    return today.replace(day=1)


def shift_month(first: D, months: int) -> D:
    index = first.year * 12 + first.month - 1 + months
    return D(index // 12, index % 12 + 1, 1)


@dataclass
class Day:
    date: D
    in_month: bool
    is_today: bool
    items: list[Any] = field(default_factory=list)


@dataclass
class Month:
    first: D
    weekdays: list[D]  # a week's dates, for the column headings
    weeks: list[list[Day]]
    previous: D
    next: D

    @property
    def span(self) -> tuple[D, D]:
        return self.weeks[0][0].date, self.weeks[-1][-1].date


def month_grid(first: D, today: D, first_day: int | None = None) -> Month:
    """The weeks covering a month, starting on the reader's first weekday."""
    start, _end = week_bounds(first, first_day)
    _first, last = month_bounds(first)
    weeks: list[list[Day]] = []
    day = start
    while day <= last:
        weeks.append(
            [
                Day(d, d.month == first.month, d == today)
                for d in (day + n * DAY for n in range(7))
            ]
        )
        day += 7 * DAY
    return Month(
        first,
        [d.date for d in weeks[0]],
        weeks,
        shift_month(first, -1),
        shift_month(first, 1),
    )


@dataclass(frozen=True)
class Entry:
    """A line of a calendar day: a task due or a milestone."""

    kind: str  # "task" or "milestone"
    title: str
    url: str
    done: bool
    detail: str = ""


def fill_month(month: Month, tasks: QuerySet[Task], milestones: QuerySet) -> None:
    """Put the tasks due and the milestones of the month's weeks on their
    days (two queries)."""
    start, end = month.span
    by_day: dict[D, list[Entry]] = defaultdict(list)
    for milestone in milestones.filter(due__range=(start, end)).select_related(
        "project"
    ):
        by_day[milestone.due].append(
            Entry(
                "milestone",
                str(milestone),
                milestone.project.get_absolute_url(),
                milestone.done_at is not None,
                milestone.project.name,
            )
        )
    for task in (
        tasks.filter(due__range=(start, end))
        .select_related("project")
        .order_by("due", "pk")
    ):
        by_day[task.due].append(
            Entry(
                "task",
                str(task),
                task.get_absolute_url(),
                task.status == TaskStatus.DONE,
                task.project.name,
            )
        )
    for week in month.weeks:
        for day in week:
            day.items = by_day.get(day.date, [])


# --- My work --------------------------------------------------------------


def tasks_of_person(person: Any, *, open_only: bool = False) -> Q:
    """Tasks someone owns or collaborates on (no join, so no duplicates).

    The ids come from a union of the two indexed reads (the owner index, the
    collaborators' user index): an ``OR`` of the two would read every task of
    the agency. ``open_only`` leaves the owner's done tasks out of the union
    already (the owner index holds the status)."""
    owned = Task.objects.filter(owner=person)
    if open_only:
        owned = owned.exclude(status=TaskStatus.DONE)
    helping = Task.collaborators.through.objects.filter(user=person)
    return Q(pk__in=owned.values("pk").union(helping.values("task_id"), all=True))


def my_tasks(
    *,
    viewer: Viewer,
    person: Any,
    today: D,
    period: str = "",
    client: Any = None,
    project: Project | None = None,
    area: Any = None,
    include_done: bool = False,
) -> QuerySet[Task]:
    """The tasks a person owns or helps with, open ones unless asked, due first
    (undated last), within the viewer's scope; ``period`` narrows to the
    overdue, today's, this week's or this month's."""
    tasks = Task.objects.visible_to(viewer).filter(
        tasks_of_person(person, open_only=not include_done)
    )
    if not include_done:
        tasks = tasks.exclude(status=TaskStatus.DONE)
    if client is not None:
        tasks = tasks.filter(project__client=client)
    if project is not None:
        tasks = tasks.filter(project=project)
    if area is not None:
        tasks = tasks.filter(area=area)
    if period:
        tasks = tasks.filter(period_filter(period, today))
    return tasks.select_related("project__client", "area", "owner").order_by(
        F("due").asc(nulls_last=True), "pk"
    )


def period_filter(period: str, today: D) -> Q:
    if period == "overdue":
        return Q(due__lt=today)
    if period == "today":
        return Q(due=today)
    if period == "week":
        return Q(due__range=(today, week_bounds(today)[1]))
    if period == "month":
        return Q(due__range=(today, month_bounds(today)[1]))
    return Q()


def period_counts(tasks: QuerySet[Task], today: D) -> dict[str, int]:
    """How many of the tasks fall in each period (one query)."""
    return tasks.order_by().aggregate(
        all=Count("pk"),
        **{p: Count("pk", filter=period_filter(p, today)) for p in PERIODS},
    )


def my_milestones(*, viewer: Viewer, person: Any) -> QuerySet[Milestone]:
    """Milestones of the projects a person owns."""
    return Milestone.objects.visible_to(viewer).filter(project__owner=person)


def projects_of_person(*, viewer: Viewer, person: Any) -> QuerySet[Project]:
    """The projects where a person has an open task (the filter's choices)."""
    mine = Task.objects.filter(tasks_of_person(person, open_only=True)).exclude(
        status=TaskStatus.DONE
    )
    return (
        Project.objects.visible_to(viewer)
        .filter(pk__in=mine.values("project_id"))
        .order_by("name", "pk")
    )


FEED_LIMIT = 500


def feed_dates(person: Any) -> tuple[list[Task], list[Milestone]]:
    """What a person's calendar feed adds from projects: the due dates of the
    open tasks they own and the open milestones of the projects they own (two
    queries, the nearest first, at most ``FEED_LIMIT`` of each)."""
    tasks = (
        Task.objects.filter(owner=person, due__isnull=False)
        .exclude(status=TaskStatus.DONE)
        .select_related("project")
        .order_by("due", "pk")[:FEED_LIMIT]
    )
    milestones = (
        Milestone.objects.filter(project__owner=person, done_at__isnull=True)
        .select_related("project")
        .order_by("due", "pk")[:FEED_LIMIT]
    )
    return list(tasks), list(milestones)


# --- The timeline (Gantt) ---------------------------------------------------

LABEL_WIDTH = 240
ROW = 22
HEAD = 34
MAX_CHART = 960


@dataclass
class Bar:
    kind: str  # phase, task, milestone
    label: str
    y: int
    x: float
    width: float
    url: str = ""
    status: str = ""
    task_id: int | None = None

    @property
    def mid_y(self) -> int:
        return self.y + ROW // 2

    @property
    def end_x(self) -> float:
        return self.x + self.width

    @property
    def diamond_x(self) -> float:
        """Where a milestone's diamond starts (centred on its day)."""
        return self.x + self.width / 2 - 7


@dataclass
class Arrow:
    x1: float
    y1: int
    x2: float
    y2: int


@dataclass
class Tick:
    x: float
    label: D


@dataclass
class Timeline:
    start: D
    end: D
    day_width: float
    bars: list[Bar]
    arrows: list[Arrow]
    ticks: list[Tick]
    today_x: float | None
    width: float
    height: int
    undated: int

    @property
    def label_width(self) -> int:
        return LABEL_WIDTH


def project_timeline(*, project: Project, today: D) -> Timeline:
    """The project's phases, tasks (with their dates) and milestones on one
    time axis, with finish-to-start arrows and the today line (two queries:
    tasks and dependencies; the phases and milestones come with the
    project)."""
    # The page's project comes with its phases and milestones prefetched.
    phases = sorted(project.phases.all(), key=lambda p: (p.start, p.pk))
    milestones = sorted(project.milestones.all(), key=lambda m: (m.due, m.pk))
    tasks = list(
        Task.objects.filter(project=project)
        .only("pk", "title", "start", "due", "status", "phase_id", "project_id")
        .order_by(F("start").asc(nulls_last=True), "due", "pk")
    )
    dated = [t for t in tasks if t.start or t.due]
    days = [project.start, *(d for d in [project.end] if d)]
    for phase in phases:
        days += [phase.start, phase.end]
    days += [m.due for m in milestones]
    for task in dated:
        days += [d for d in (task.start, task.due) if d]
    start, end = min(days), max(days)
    span = (end - start).days + 1
    day_width = max(2.0, min(24.0, MAX_CHART / span))

    def x_of(day: D) -> float:
        return LABEL_WIDTH + (day - start).days * day_width

    bars: list[Bar] = []
    y = HEAD

    def add(kind, label, first, last, **extra) -> Bar:
        nonlocal y
        bar = Bar(
            kind,
            label,
            y,
            x_of(first),
            ((last - first).days + 1) * day_width,
            **extra,
        )
        bars.append(bar)
        y += ROW
        return bar

    task_bars: dict[int, Bar] = {}
    by_phase: dict[int | None, list[Task]] = defaultdict(list)
    for task in dated:
        by_phase[task.phase_id].append(task)

    def add_tasks(group: list[Task]) -> None:
        for task in group:
            first = task.start or task.due
            last = task.due or task.start
            task_bars[task.pk] = add(
                "task",
                str(task),
                first,
                last,
                url=task.get_absolute_url(),
                status=task.status,
                task_id=task.pk,
            )

    for phase in phases:
        add("phase", str(phase), phase.start, phase.end)
        add_tasks(by_phase.pop(phase.pk, []))
    add_tasks([t for group in by_phase.values() for t in group])
    for milestone in milestones:
        add("milestone", str(milestone), milestone.due, milestone.due)

    arrows = [
        Arrow(before.end_x, before.mid_y, after.x, after.mid_y)
        for dep in TaskDependency.objects.filter(task__project=project).values(
            "task_id", "depends_on_id"
        )
        if (before := task_bars.get(dep["depends_on_id"]))
        and (after := task_bars.get(dep["task_id"]))
    ]
    ticks = []
    month = start.replace(day=1)
    while month <= end:
        if month >= start:
            ticks.append(Tick(x_of(month), month))
        month = shift_month(month, 1)
    if not ticks or ticks[0].label != start:
        ticks.insert(0, Tick(x_of(start), start))
    today_x = x_of(today) + day_width / 2 if start <= today <= end else None
    return Timeline(
        start=start,
        end=end,
        day_width=day_width,
        bars=bars,
        arrows=arrows,
        ticks=ticks,
        today_x=today_x,
        width=LABEL_WIDTH + span * day_width + 10,
        height=y + 10,
        undated=len(tasks) - len(dated),
    )
