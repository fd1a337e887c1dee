"""Reads of overload: who is booked past their capacity in a week."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from agencydesk.core.access import Viewer, client_scoped
from agencydesk.people.models import User

from ..models import Allocation
from .planner import Cell, planner_rows


@dataclass
class Overload:
    """Someone booked over 100% in a week, and the bookings that put them there."""

    person: User
    cell: Cell
    allocations: list[Allocation]

    @property
    def over_minutes(self) -> int:
        return self.cell.confirmed_minutes - self.cell.available_minutes


def overload_list(*, viewer: Viewer, week: date) -> list[Overload]:
    """Everyone whose confirmed bookings exceed their capacity in ``week``,
    most overloaded first, with their bookings largest first (under
    need-to-know, the bookings of the viewer's clients)."""
    booked = Allocation.objects.filter(week=week).values("user_id")
    people = list(
        User.objects.filter(pk__in=booked, is_staff=True, integration="")
        .select_related("staff_profile")
        .order_by("full_name", "pk")
    )
    if not people:
        return []
    rows = planner_rows(people=people, weeks=[week])
    over = [row for row in rows if row.cells[0].heat == "over"]
    allocations = defaultdict(list)
    booked_over = Allocation.objects.filter(
        week=week, user_id__in=[r.person.pk for r in over]
    )
    for allocation in (
        client_scoped(booked_over, viewer)
        .select_related("client")
        .order_by("-minutes", "pk")
    ):
        allocations[allocation.user_id].append(allocation)
    result = [
        Overload(person=r.person, cell=r.cells[0], allocations=allocations[r.person.pk])
        for r in over
    ]
    return sorted(result, key=lambda o: (-o.over_minutes, o.person.full_name))
