"""Reads of the reports: utilisation per person and team, profitability per
client."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from agencydesk.clients.models import Client
from agencydesk.core.access import Viewer, client_scoped
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from agencydesk.timesheets.models import TimeEntry

from .capacity import (
    percent,
)
from .planner import capacities_by_week


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
    capacities = capacities_by_week(people, weeks)
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
    *, viewer: Viewer, first: date, last: date, client_ids: Any = None
) -> list[Profitability]:
    """Billable value − cost per client between two dates (one query + clients;
    under need-to-know, the viewer's clients). ``client_ids`` (ids or a
    subquery) narrows it to some clients: finance's report with money filters
    by client and account manager."""
    entries = TimeEntry.objects.filter(
        client__isnull=False, date__gte=first, date__lte=last
    )
    if client_ids is not None:
        entries = entries.filter(client_id__in=client_ids)
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
