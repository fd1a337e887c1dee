"""Reads of the planner: staff to plan, the grid of capacity and bookings per
person and week, one cell's detail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet, Sum

from agencydesk.core.access import Viewer, client_scoped
from agencydesk.people.models import User
from agencydesk.work.demand_selectors import task_demand

from ..models import Allocation, Leave
from .capacity import (
    Heat,
    WeekCapacity,
    agency_weekdays,
    heat,
    leave_days_in,
    percent,
    week_capacity,
    weekly_minutes,
)

PLANNER_WEEKS = 12


def staff_for_planning(
    *,
    role: str = "",
    team_client_id: int | None = None,
    client_id: int | None = None,
    first: date | None = None,
    last: date | None = None,
) -> QuerySet[User]:
    """Active staff with their profiles, narrowed by role, a client team, or
    bookings for a client between ``first`` and ``last``."""
    people = User.objects.filter(
        is_staff=True, is_active=True, integration=""
    ).select_related("staff_profile")
    if role:
        people = people.filter(groups__name=role)
    if team_client_id:
        people = people.filter(client_teams__client_id=team_client_id)
    if client_id:
        booked = Allocation.objects.filter(client_id=client_id)
        if first and last:
            booked = booked.filter(week__gte=first, week__lte=last)
        people = people.filter(pk__in=booked.values("user_id"))
    return people.distinct().order_by("full_name", "pk")


@dataclass
class Cell:
    """One person's week: capacity, confirmed and tentative load."""

    user_id: int
    capacity: WeekCapacity
    confirmed_minutes: int = 0
    tentative_minutes: int = 0
    # Estimates of the person's open tasks due this week (``demand=True``).
    task_minutes: int = 0
    # The estimates a tentative project would add (the planner's "what if").
    what_if_minutes: int = 0

    @property
    def available_minutes(self) -> int:
        return self.capacity.available_minutes

    @property
    def total_minutes(self) -> int:
        return self.confirmed_minutes + self.tentative_minutes

    @property
    def percent(self) -> int | None:
        return percent(self.confirmed_minutes, self.available_minutes)

    @property
    def percent_with_tentative(self) -> int | None:
        return percent(self.total_minutes, self.available_minutes)

    @property
    def heat(self) -> str:
        return heat(self.confirmed_minutes, self.available_minutes)

    @property
    def heat_with_tentative(self) -> str:
        return heat(self.total_minutes, self.available_minutes)

    @property
    def free_minutes(self) -> int:
        return self.available_minutes - self.confirmed_minutes

    @property
    def demand_minutes(self) -> int:
        """Confirmed bookings and the tasks due this week."""
        return self.confirmed_minutes + self.task_minutes

    @property
    def percent_with_tasks(self) -> int | None:
        return percent(self.demand_minutes, self.available_minutes)

    @property
    def over_with_tasks(self) -> bool:
        """The bookings fit (100% or less) but not with the tasks due."""
        return self.heat != Heat.OVER and (
            heat(self.demand_minutes, self.available_minutes) == Heat.OVER
        )

    @property
    def what_if_total_minutes(self) -> int:
        return self.demand_minutes + self.what_if_minutes

    @property
    def percent_what_if(self) -> int | None:
        return percent(self.what_if_total_minutes, self.available_minutes)

    @property
    def over_what_if(self) -> bool:
        """The tentative project's tasks would take the week past 100%."""
        return bool(self.what_if_minutes) and (
            heat(self.what_if_total_minutes, self.available_minutes) == Heat.OVER
        )


@dataclass
class PlannerRow:
    person: User
    cells: list[Cell]


def capacities_by_week(
    people: Sequence[User], weeks: Sequence[date]
) -> dict[tuple[int, date], WeekCapacity]:
    """Every person's capacity in every week, from two queries (agency calendar
    and approved leave)."""
    first, last = weeks[0], weeks[-1] + timedelta(days=6)
    weekdays = agency_weekdays()
    leaves = defaultdict(list)
    for leave in Leave.objects.filter(
        user_id__in=[p.pk for p in people],
        status=Leave.Status.APPROVED,
        start__lte=last,
        end__gte=first,
    ):
        leaves[leave.user_id].append(leave)
    result = {}
    for person in people:
        profile = getattr(person, "staff_profile", None)
        weekly = weekly_minutes(profile.weekly_capacity_hours if profile else None)
        country = str(profile.country) if profile else ""
        days = leave_days_in(leaves.get(person.pk, []), first, last)
        for week in weeks:
            result[(person.pk, week)] = week_capacity(
                week=week,
                weekly=weekly,
                country=country,
                leave_days=days,
                weekdays=weekdays,
            )
    return result


def planner_rows(
    *,
    people: Sequence[User],
    weeks: Sequence[date],
    client_id: int | None = None,
    demand: bool = False,
    what_if: dict[tuple[int, date], int] | None = None,
    replaced_project_id: int | None = None,
) -> list[PlannerRow]:
    """The grid for a page of people: three queries whatever its size, four
    with ``demand`` (the estimates of the tasks due each week; without those
    of ``replaced_project_id``, which a what-if moves). ``what_if`` adds a
    tentative project's minutes per person and week."""
    capacities = capacities_by_week(people, weeks)
    loads = (
        Allocation.objects.filter(
            user_id__in=[p.pk for p in people], week__gte=weeks[0], week__lte=weeks[-1]
        )
        .values("user_id", "week", "is_tentative")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    if client_id:
        loads = loads.filter(client_id=client_id)
    cells = {
        key: Cell(user_id=key[0], capacity=capacity)
        for key, capacity in capacities.items()
    }
    for row in loads:
        cell = cells[(row["user_id"], row["week"])]
        if row["is_tentative"]:
            cell.tentative_minutes += row["total"]
        else:
            cell.confirmed_minutes += row["total"]
    if demand:
        due = task_demand(
            user_ids=[p.pk for p in people],
            first=weeks[0],
            last=weeks[-1] + timedelta(days=6),
            exclude_project_id=replaced_project_id,
        )
        for key, minutes in due.items():
            if key in cells:
                cells[key].task_minutes = minutes
    for key, minutes in (what_if or {}).items():
        if key in cells:
            cells[key].what_if_minutes += minutes
    return [
        PlannerRow(person=p, cells=[cells[(p.pk, w)] for w in weeks]) for p in people
    ]


@dataclass
class CellDetail:
    """A person's week with the bookings behind it, for the cell editor."""

    person: User
    week: date
    cell: Cell
    allocations: list[Allocation]


def cell_detail(*, viewer: Viewer, person: User, week: date) -> CellDetail:
    """One cell of the planner with its bookings (under need-to-know, those of
    the viewer's clients; the totals still count every booking)."""
    row = planner_rows(people=[person], weeks=[week], demand=True)[0]
    allocations = list(
        client_scoped(Allocation.objects.filter(user=person, week=week), viewer)
        .select_related("client")
        .order_by("is_tentative", "-minutes", "pk")
    )
    return CellDetail(
        person=person, week=week, cell=row.cells[0], allocations=allocations
    )


def allocation_list(
    *,
    viewer: Viewer,
    user_id: int | None = None,
    client_id: int | None = None,
    internal: bool = False,
    first: date | None = None,
    last: date | None = None,
    updated_since: datetime | None = None,
) -> QuerySet[Allocation]:
    """Bookings by week, of the weeks from ``first`` to ``last`` (Mondays):
    under need-to-know those of the viewer's clients and internal ones, as the
    cell editor lists them; ``updated_since``: changed at or after it (the
    API's sync)."""
    rows = client_scoped(Allocation.objects.all(), viewer).select_related(
        "user", "client"
    )
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if internal:
        rows = rows.filter(client__isnull=True)
    elif client_id is not None:
        rows = rows.filter(client_id=client_id)
    if first:
        rows = rows.filter(week__gte=first)
    if last:
        rows = rows.filter(week__lte=last)
    if updated_since is not None:
        rows = rows.filter(updated_at__gte=updated_since)
    return rows.order_by("week", "pk")
