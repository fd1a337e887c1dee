"""Reads of planning: the planner grid, the overload list, the client view, the
account manager's portfolio, budgets with plans, and the reports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet, Sum

from agencydesk.clients.models import Client, TeamMember
from agencydesk.core.access import Viewer, client_scoped
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from agencydesk.timesheets.models import TimeEntry
from agencydesk.timesheets.selectors import (
    Burn,
    budgets_for_month,
    burn_for_budgets,
)
from agencydesk.timesheets.weeks import next_month

from .capacity import (
    WeekCapacity,
    agency_weekdays,
    heat,
    leave_days_in,
    percent,
    week_capacity,
    weekly_minutes,
)
from .models import Allocation, Leave

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
    people = User.objects.filter(is_staff=True, is_active=True).select_related(
        "staff_profile"
    )
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


@dataclass
class PlannerRow:
    person: User
    cells: list[Cell]


def _capacities(
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
    *, people: Sequence[User], weeks: Sequence[date], client_id: int | None = None
) -> list[PlannerRow]:
    """The grid for a page of people: three queries whatever its size."""
    capacities = _capacities(people, weeks)
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
    row = planner_rows(people=[person], weeks=[week])[0]
    allocations = list(
        client_scoped(Allocation.objects.filter(user=person, week=week), viewer)
        .select_related("client")
        .order_by("is_tentative", "-minutes", "pk")
    )
    return CellDetail(
        person=person, week=week, cell=row.cells[0], allocations=allocations
    )


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
        User.objects.filter(pk__in=booked, is_staff=True)
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


@dataclass
class ClientPersonRow:
    """A person on an account: planned and logged minutes per week."""

    person: User
    planned: list[int]
    tentative: list[int]
    actual: list[int]

    @property
    def planned_total(self) -> int:
        return sum(self.planned)

    @property
    def actual_total(self) -> int:
        return sum(self.actual)


def client_plan(*, client: Client, weeks: Sequence[date]) -> list[ClientPersonRow]:
    """Who works on the account how much, planned against logged, per week."""
    first, last = weeks[0], weeks[-1] + timedelta(days=6)
    planned = (
        Allocation.objects.filter(
            client=client, week__gte=weeks[0], week__lte=weeks[-1]
        )
        .values("user_id", "week", "is_tentative")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    logged = (
        TimeEntry.objects.filter(client=client, date__gte=first, date__lte=last)
        .values("user_id", "date")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    index = {week: n for n, week in enumerate(weeks)}
    rows: dict[int, ClientPersonRow] = {}

    def row(user_id: int) -> ClientPersonRow:
        if user_id not in rows:
            zeros = [0] * len(weeks)
            rows[user_id] = ClientPersonRow(None, zeros[:], zeros[:], zeros[:])
        return rows[user_id]

    for item in planned:
        target = row(item["user_id"])
        bucket = target.tentative if item["is_tentative"] else target.planned
        bucket[index[item["week"]]] += item["total"]
    for item in logged:
        week = item["date"] - timedelta(days=item["date"].weekday())
        row(item["user_id"]).actual[index[week]] += item["total"]
    people = User.objects.filter(pk__in=rows).order_by("full_name", "pk")
    for person in people:
        rows[person.pk].person = person
    return [rows[p.pk] for p in people]


@dataclass
class PortfolioLine:
    """One account of a manager and the share of their week it takes."""

    client: Client
    minutes: int
    tentative_minutes: int
    share: int | None


@dataclass
class Portfolio:
    manager: User
    week: date
    cell: Cell
    lines: list[PortfolioLine] = field(default_factory=list)
    internal_minutes: int = 0


def portfolio_for(*, viewer: Viewer, manager: User, week: date) -> Portfolio:
    """The accounts a manager runs (those the viewer may see) and the share of
    their own week each takes."""
    cell = planner_rows(people=[manager], weeks=[week])[0].cells[0]
    clients = list(
        Client.objects.visible_to(viewer)
        .filter(team__user=manager, team__role=TeamMember.Role.ACCOUNT_MANAGER)
        .order_by("name")
    )
    booked = (
        Allocation.objects.filter(user=manager, week=week)
        .values("client_id", "is_tentative")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    confirmed: dict[int | None, int] = defaultdict(int)
    tentative: dict[int | None, int] = defaultdict(int)
    for row in booked:
        target = tentative if row["is_tentative"] else confirmed
        target[row["client_id"]] += row["total"]
    portfolio = Portfolio(
        manager=manager, week=week, cell=cell, internal_minutes=confirmed[None]
    )
    for client in clients:
        minutes = confirmed[client.pk]
        portfolio.lines.append(
            PortfolioLine(
                client=client,
                minutes=minutes,
                tentative_minutes=tentative[client.pk],
                share=percent(minutes, cell.available_minutes),
            )
        )
    return portfolio


def budget_burns_with_plans(budgets: Sequence) -> list[Burn]:
    """Burn of each budget with the confirmed hours planned for its client in
    the weeks starting in the budget's month (one query more)."""
    burns = burn_for_budgets(budgets)
    months = {b.month for b in budgets if b.month}
    if not months:
        return burns
    first, last = min(months), next_month(max(months)) - timedelta(days=1)
    planned = (
        Allocation.objects.filter(
            client_id__in={b.client_id for b in budgets},
            is_tentative=False,
            week__gte=first,
            week__lte=last,
        )
        .values("client_id", "week")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    by_month: dict[tuple[int, date], int] = defaultdict(int)
    for row in planned:
        by_month[(row["client_id"], row["week"].replace(day=1))] += row["total"]
    for burn in burns:
        if burn.budget.month:
            burn.planned_minutes = by_month[(burn.budget.client_id, burn.budget.month)]
    return burns


@dataclass
class Utilisation:
    """A person's logged billable time against their capacity in a period."""

    person: User
    available_minutes: int
    billable_minutes: int
    logged_minutes: int

    @property
    def percent(self) -> int | None:
        return percent(self.billable_minutes, self.available_minutes)


def utilisation_report(
    *, people: Sequence[User], weeks: Sequence[date]
) -> list[Utilisation]:
    """Billable ÷ available capacity per person over whole weeks."""
    capacities = _capacities(people, weeks)
    first, last = weeks[0], weeks[-1] + timedelta(days=6)
    rows = (
        TimeEntry.objects.filter(
            user_id__in=[p.pk for p in people], date__gte=first, date__lte=last
        )
        .values("user_id", "is_billable")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    billable: dict[int, int] = defaultdict(int)
    logged: dict[int, int] = defaultdict(int)
    for row in rows:
        logged[row["user_id"]] += row["total"]
        if row["is_billable"]:
            billable[row["user_id"]] += row["total"]
    return [
        Utilisation(
            person=p,
            available_minutes=sum(
                capacities[(p.pk, w)].available_minutes for w in weeks
            ),
            billable_minutes=billable[p.pk],
            logged_minutes=logged[p.pk],
        )
        for p in people
    ]


@dataclass
class Profitability:
    """A client's billable value and cost in a period, per currency; the margin
    only where both are in one currency (money never mixes currencies)."""

    client: Client
    minutes: int = 0
    value: dict[str, Decimal] = field(default_factory=dict)
    cost: dict[str, Decimal] = field(default_factory=dict)

    @property
    def margin(self) -> dict[str, Decimal] | None:
        if (
            set(self.value) - set(self.cost)
            or len(self.cost) > 1
            or len(self.value) > 1
        ):
            return None
        return {c: self.value.get(c, Decimal("0")) - a for c, a in self.cost.items()}


@dataclass
class TeamUtilisation:
    """A role's summed capacity and billable time."""

    role: str
    available_minutes: int = 0
    billable_minutes: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.billable_minutes, self.available_minutes)


def utilisation_by_team(rows: Sequence[Utilisation]) -> list[TeamUtilisation]:
    """Sum the people's utilisation per role (their first role; people need
    their ``groups`` prefetched)."""
    labels = dict(Role.choices)
    teams: dict[str, TeamUtilisation] = {}
    for row in rows:
        names = sorted(g.name for g in row.person.groups.all())
        role = names[0] if names else ""
        team = teams.setdefault(role, TeamUtilisation(role=str(labels.get(role, role))))
        team.available_minutes += row.available_minutes
        team.billable_minutes += row.billable_minutes
    return sorted(teams.values(), key=lambda t: t.role)


def profitability_report(
    *, viewer: Viewer, first: date, last: date
) -> list[Profitability]:
    """Billable value − cost per client between two dates (one query + clients;
    under need-to-know, the viewer's clients)."""
    entries = TimeEntry.objects.filter(
        client__isnull=False, date__gte=first, date__lte=last
    )
    rows = (
        client_scoped(entries, viewer)
        .values("client_id", "bill_currency", "cost_currency", "is_billable")
        .annotate(
            minutes=Sum("minutes"), value=Sum("bill_amount"), cost=Sum("cost_amount")
        )
        .order_by()
    )
    result: dict[int, Profitability] = {}
    clients = {}
    rows = list(rows)
    if rows:
        clients = Client.objects.in_bulk({r["client_id"] for r in rows})
    for row in rows:
        item = result.setdefault(
            row["client_id"], Profitability(client=clients[row["client_id"]])
        )
        item.minutes += row["minutes"]
        if row["is_billable"]:
            item.value[row["bill_currency"]] = (
                item.value.get(row["bill_currency"], Decimal("0")) + row["value"]
            )
        item.cost[row["cost_currency"]] = (
            item.cost.get(row["cost_currency"], Decimal("0")) + row["cost"]
        )
    return sorted(result.values(), key=lambda p: p.client.name)


def leave_list(*, user_id: int | None = None, status: str = "") -> QuerySet[Leave]:
    """Leave, newest first, optionally one person's or in one status."""
    leaves = Leave.objects.select_related("user", "decided_by")
    if user_id:
        leaves = leaves.filter(user_id=user_id)
    if status:
        leaves = leaves.filter(status=status)
    return leaves.order_by("-start", "-pk")


def active_clients() -> QuerySet[Client]:
    """Clients one can plan for (not archived)."""
    return Client.objects.exclude(status=Client.Status.ARCHIVED).order_by("name")


BUDGET_WARNING_PERCENT = 80


def budgets_past(
    *, month: date, client_ids: Sequence[int] | None, percent_used: int
) -> list[Burn]:
    """This month's budgets (of ``client_ids``, None = every client) with
    ``percent_used`` or more of their hours or money burnt, the most burnt first."""
    burns = budget_burns_with_plans(
        list(budgets_for_month(month=month, client_ids=client_ids))
    )
    past = [
        burn
        for burn in burns
        if max(burn.hours_percent or 0, burn.money_percent or 0) >= percent_used
    ]
    return sorted(past, key=lambda b: -max(b.hours_percent or 0, b.money_percent or 0))


@dataclass(frozen=True)
class MyWeek:
    """A person's week: booked (confirmed) against logged time."""

    week: date
    booked_minutes: int
    logged_minutes: int

    @property
    def booked_hours(self) -> float:
        return self.booked_minutes / 60

    @property
    def logged_hours(self) -> float:
        return self.logged_minutes / 60


def my_week(*, user: User, week: date) -> MyWeek:
    """Confirmed allocations and logged time of one person in one week (two queries)."""
    booked = Allocation.objects.filter(
        user=user, week=week, is_tentative=False
    ).aggregate(n=Sum("minutes"))["n"]
    logged = TimeEntry.objects.filter(
        user=user, date__gte=week, date__lte=week + timedelta(days=6)
    ).aggregate(n=Sum("minutes"))["n"]
    return MyWeek(week=week, booked_minutes=booked or 0, logged_minutes=logged or 0)
