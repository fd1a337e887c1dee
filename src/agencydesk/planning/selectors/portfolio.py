"""Reads of accounts: a client's planned against logged time per person, and
the share of an account manager's week each of their accounts takes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Sum

from agencydesk.clients.models import Client, TeamMember
from agencydesk.core.access import Viewer
from agencydesk.people.models import User
from agencydesk.timesheets.models import TimeEntry

from ..models import Allocation
from .capacity import (
    percent,
)
from .planner import Cell, planner_rows


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
