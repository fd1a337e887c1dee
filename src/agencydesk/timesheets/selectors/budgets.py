"""Reads of budgets and their burn: hours and money used, carried in, converted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, Sum

from ..models import Budget, TimeEntry
from ..weeks import next_month, previous_month
from .exchange import Conversion, RateTable

THRESHOLDS = (80, 100)


@dataclass
class Burn:
    """How much of a budget is used: hours and money, logged and planned."""

    budget: Budget
    budget_minutes: int
    carry_in_minutes: int = 0
    logged_minutes: int = 0
    # In the budget's currency, conversions included.
    logged_amount: Decimal = Decimal("0")
    # Value logged in another currency, converted by the exchange rate valid
    # on the entries' dates (rate and date shown beside the burn).
    conversions: list[Conversion] = field(default_factory=list)
    # Value in another currency with no exchange rate for its date: "not
    # converted", shown apart, never added.
    other_currencies: dict[str, Decimal] = field(default_factory=dict)
    planned_minutes: int = 0

    @property
    def hours_percent(self) -> int | None:
        if not self.budget_minutes:
            return None
        return self.logged_minutes * 100 // self.budget_minutes

    @property
    def money_percent(self) -> int | None:
        if not self.budget.amount:
            return None
        return int(self.logged_amount * 100 // self.budget.amount)

    @property
    def percent(self) -> int:
        """The higher of hours and money burn, in whole percent (floored)."""
        values = [p for p in (self.hours_percent, self.money_percent) if p is not None]
        return max(values, default=0)

    @property
    def remaining_minutes(self) -> int:
        return self.budget_minutes - self.logged_minutes

    @property
    def state(self) -> str:
        if self.percent >= 100:
            return "over"
        if self.percent >= 80:
            return "warning"
        return "ok"

    @property
    def planned_percent(self) -> int | None:
        if not self.budget_minutes:
            return None
        return self.planned_minutes * 100 // self.budget_minutes


def _month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def burn_for_budgets(budgets: Sequence[Budget]) -> list[Burn]:
    """Burn of each budget in a fixed number of queries whatever their number:
    previous retainers (for roll-over), billable time per client and day, per
    client, project and day, and (only when some was logged in another
    currency) the exchange rates that convert it."""
    retainers = [b for b in budgets if b.kind == Budget.Kind.RETAINER]
    projects = [b for b in budgets if b.kind != Budget.Kind.RETAINER]
    # (currency, day, minutes, amount) rows per retainer month or project.
    monthly: dict[tuple[int, date], list[tuple]] = defaultdict(list)
    previous: dict[tuple[int, date], Budget] = {}
    if retainers:
        rolling = [b for b in retainers if b.rolls_over]
        if rolling:
            wanted = Q()
            for b in rolling:
                wanted |= Q(client_id=b.client_id, month=previous_month(b.month))
            for prev in Budget.objects.filter(wanted, kind=Budget.Kind.RETAINER):
                previous[(prev.client_id, prev.month)] = prev
        months = [b.month for b in retainers] + [m for _c, m in previous]
        rows = (
            TimeEntry.objects.filter(
                client_id__in={b.client_id for b in retainers},
                is_billable=True,
                date__gte=min(months),
                date__lte=_month_end(max(months)),
            )
            .values("client_id", "date", "bill_currency")
            .annotate(minutes=Sum("minutes"), amount=Sum("bill_amount"))
            .order_by()
        )
        for row in rows:
            monthly[(row["client_id"], row["date"].replace(day=1))].append(
                (row["bill_currency"], row["date"], row["minutes"], row["amount"])
            )
    by_project: dict[tuple[int, str], list[tuple]] = defaultdict(list)
    if projects:
        wanted = Q()
        for b in projects:
            wanted |= Q(client_id=b.client_id, project=b.project)
        rows = (
            TimeEntry.objects.filter(wanted, is_billable=True)
            .values("client_id", "project", "date", "bill_currency")
            .annotate(minutes=Sum("minutes"), amount=Sum("bill_amount"))
            .order_by()
        )
        for row in rows:
            by_project[(row["client_id"], row["project"])].append(
                (row["bill_currency"], row["date"], row["minutes"], row["amount"])
            )

    def logged_of(budget: Budget) -> list[tuple]:
        if budget.kind == Budget.Kind.RETAINER:
            return monthly.get((budget.client_id, budget.month), [])
        return by_project.get((budget.client_id, budget.project), [])

    foreign = [
        (currency, budget.currency, day)
        for budget in budgets
        for currency, day, _m, amount in logged_of(budget)
        if currency != budget.currency and amount
    ]
    table = RateTable(
        {(a, b) for a, b, _d in foreign}, max((d for *_p, d in foreign), default=None)
    )
    burns = []
    for budget in budgets:
        burn = Burn(budget=budget, budget_minutes=budget.minutes)
        converting: dict[tuple[str, date, Decimal], Decimal] = defaultdict(Decimal)
        for currency, day, minutes, amount in logged_of(budget):
            burn.logged_minutes += minutes
            if currency == budget.currency:
                burn.logged_amount += amount
            elif amount:
                found = table.rate_on(currency, budget.currency, day)
                if found is None:
                    burn.other_currencies[currency] = (
                        burn.other_currencies.get(currency, Decimal("0")) + amount
                    )
                else:
                    converting[(currency, *found)] += amount
        for (currency, valid_from, rate), amount in sorted(converting.items()):
            conversion = Conversion(
                currency=currency,
                amount=amount,
                to_currency=budget.currency,
                rate=rate,
                valid_from=valid_from,
            )
            burn.conversions.append(conversion)
            burn.logged_amount += conversion.converted
        prev = None
        if budget.month and budget.rolls_over:
            prev = previous.get((budget.client_id, previous_month(budget.month)))
        if prev is not None:
            used = sum(row[2] for row in monthly.get((prev.client_id, prev.month), []))
            burn.carry_in_minutes = max(0, prev.minutes - used)
            burn.budget_minutes += burn.carry_in_minutes
        burns.append(burn)
    return burns


def budgets_for_day(*, client_id: int, day: date, project: str = "") -> list[Budget]:
    """The budgets a piece of work on ``day`` burns: the month's retainer and the
    project's budget."""
    wanted = Q(kind=Budget.Kind.RETAINER, month=day.replace(day=1))
    if project:
        wanted |= Q(project=project) & ~Q(kind=Budget.Kind.RETAINER)
    return list(Budget.objects.filter(wanted, client_id=client_id))


def budgets_for_month(*, month: date, client_ids: Sequence[int] | None = None):
    """The retainers of a month, with their clients."""
    budgets = Budget.objects.filter(kind=Budget.Kind.RETAINER, month=month)
    if client_ids is not None:
        budgets = budgets.filter(client_id__in=client_ids)
    return budgets.select_related("client").order_by("client__name")


def project_budgets(*, client_ids: Sequence[int] | None = None):
    """Project budgets (fixed price and T&M), with their clients."""
    budgets = Budget.objects.exclude(kind=Budget.Kind.RETAINER)
    if client_ids is not None:
        budgets = budgets.filter(client_id__in=client_ids)
    return budgets.select_related("client").order_by("client__name", "project")


def retainer_burn(*, client_id: int, month: date) -> Burn | None:
    """A client's retainer of a month with its burn, the figures of the budgets
    page (hours used, rolled over, left), or None without one (at most four
    queries: the retainer, the month before, the time logged)."""
    budget = Budget.objects.filter(
        client_id=client_id, kind=Budget.Kind.RETAINER, month=month.replace(day=1)
    ).first()
    if budget is None:
        return None
    return burn_for_budgets([budget])[0]


def client_retainers(*, client_id: int):
    """A client's monthly retainers, newest month first."""
    return Budget.objects.filter(
        kind=Budget.Kind.RETAINER, client_id=client_id
    ).order_by("-month")
