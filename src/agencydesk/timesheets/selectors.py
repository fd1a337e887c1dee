"""Reads of time and budgets: burn, the timesheet week, entry lists."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum

from agencydesk.core.access import Viewer

from .exchange import Conversion, RateTable
from .models import Budget, ExchangeRate, Rate, TimeEntry, Timer, TimesheetWeek
from .weeks import next_month, previous_month

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


def timer_for(*, user) -> Timer | None:
    """The person's running timer, if any."""
    return Timer.objects.filter(user=user).select_related("client", "ticket").first()


@dataclass(frozen=True)
class RunningTimer:
    """What the top bar shows of a running timer."""

    started_at: datetime
    ticket_reference: str = ""
    ticket_url: str = ""
    client_name: str = ""


# The top bar is on every page: the timer is read from the cache (filled at
# sign-in), which the timer's services clear when it starts or stops, and which
# expires anyway in case a timer went some other way (e.g. the admin).
TIMER_CACHE_SECONDS = 3600


def timer_cache_key(user_id: int) -> str:
    return f"timesheets.running-timer:{user_id}"


def running_timer(*, user) -> RunningTimer | None:
    """The person's running timer for the top bar (no query once cached)."""
    key = timer_cache_key(user.pk)
    cached = cache.get(key)
    if cached is None:
        timer = timer_for(user=user)
        cached = (
            RunningTimer(
                started_at=timer.started_at,
                ticket_reference=timer.ticket.reference if timer.ticket else "",
                ticket_url=timer.ticket.get_absolute_url() if timer.ticket else "",
                client_name=timer.client.name if timer.client else "",
            )
            if timer
            else False
        )
        cache.set(key, cached, TIMER_CACHE_SECONDS)
    return cached or None


@dataclass
class WeekRow:
    """One line of a timesheet week: a client (or internal) and project."""

    client: object
    project: str
    days: list[int]

    @property
    def total(self) -> int:
        return sum(self.days)


@dataclass
class TimesheetView:
    """A person's week of time, ready for the grid."""

    week: date
    days: list[date]
    rows: list[WeekRow]
    entries: list[TimeEntry]
    timesheet: TimesheetWeek | None

    @property
    def day_totals(self) -> list[int]:
        return [sum(r.days[i] for r in self.rows) for i in range(7)]

    @property
    def total(self) -> int:
        return sum(self.day_totals)

    @property
    def status(self) -> str:
        return self.timesheet.status if self.timesheet else TimesheetWeek.Status.OPEN

    @property
    def is_locked(self) -> bool:
        return bool(self.timesheet and self.timesheet.is_locked)


def timesheet_for_week(*, user, week: date) -> TimesheetView:
    """A person's entries of one week, summed per client/project and day."""
    days = [week + timedelta(days=n) for n in range(7)]
    entries = list(
        TimeEntry.objects.filter(user=user, date__gte=days[0], date__lte=days[-1])
        .select_related("client", "ticket")
        .order_by("date", "pk")
    )
    rows: dict[tuple[int | None, str], WeekRow] = {}
    for entry in entries:
        key = (entry.client_id, entry.project)
        if key not in rows:
            rows[key] = WeekRow(
                client=entry.client, project=entry.project, days=[0] * 7
            )
        rows[key].days[(entry.date - week).days] += entry.minutes
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.client is not None, str(r.client or ""), r.project),
    )
    timesheet = TimesheetWeek.objects.filter(user=user, week=week).first()
    return TimesheetView(
        week=week, days=days, rows=ordered, entries=entries, timesheet=timesheet
    )


def time_entry_list(
    *,
    viewer: Viewer,
    first: date | None = None,
    last: date | None = None,
    client_id: int | None = None,
    user_id: int | None = None,
    internal: bool = False,
) -> QuerySet[TimeEntry]:
    """Time entries for lists and exports, newest first (``visible_to``)."""
    entries = TimeEntry.objects.visible_to(viewer).select_related(
        "user", "client", "ticket"
    )
    if first:
        entries = entries.filter(date__gte=first)
    if last:
        entries = entries.filter(date__lte=last)
    if internal:
        entries = entries.filter(client__isnull=True)
    elif client_id:
        entries = entries.filter(client_id=client_id)
    if user_id:
        entries = entries.filter(user_id=user_id)
    return entries.order_by("-date", "-pk")


def timesheets_awaiting_approval() -> QuerySet[TimesheetWeek]:
    """Submitted weeks, oldest first."""
    return (
        TimesheetWeek.objects.filter(status=TimesheetWeek.Status.SUBMITTED)
        .select_related("user")
        .order_by("week", "user__full_name")
    )


def minutes_by_user_day(*, user_ids, first: date, last: date, client_id=None):
    """{(user_id, date): minutes} of logged time, optionally for one client."""
    entries = TimeEntry.objects.filter(
        user_id__in=user_ids, date__gte=first, date__lte=last
    )
    if client_id is not None:
        entries = entries.filter(client_id=client_id)
    rows = entries.values("user_id", "date").annotate(total=Sum("minutes")).order_by()
    return {(r["user_id"], r["date"]): r["total"] for r in rows}


def exchange_rate_list() -> QuerySet[ExchangeRate]:
    """The exchange rate table, each pair's newest rate first (history kept)."""
    return ExchangeRate.objects.order_by(
        "from_currency", "to_currency", "-valid_from", "-pk"
    )


def rate_list() -> QuerySet[Rate]:
    """Every rate, newest effective date first (the history is kept)."""
    return Rate.objects.select_related("user", "client").order_by(
        "kind", "-effective_from", "-pk"
    )


@dataclass(frozen=True)
class AwaitingWeek:
    """A submitted week and the hours it holds, for the finance home."""

    timesheet: TimesheetWeek
    minutes: int

    @property
    def hours(self) -> float:
        return self.minutes / 60


def weeks_to_approve(*, limit: int = 20) -> tuple[list[AwaitingWeek], int, int]:
    """The oldest submitted weeks with their logged minutes, how many weeks wait
    in all and the minutes of those listed (three queries)."""
    waiting = timesheets_awaiting_approval()
    weeks = list(waiting[:limit])
    minutes: dict[tuple[int, date], int] = {}
    if weeks:
        first = min(w.week for w in weeks)
        last = max(w.week for w in weeks) + timedelta(days=6)
        logged = minutes_by_user_day(
            user_ids={w.user_id for w in weeks}, first=first, last=last
        )
        for (user_id, day), n in logged.items():
            monday = day - timedelta(days=day.weekday())
            minutes[user_id, monday] = minutes.get((user_id, monday), 0) + n
    rows = [AwaitingWeek(w, minutes.get((w.user_id, w.week), 0)) for w in weeks]
    total = waiting.aggregate(n=Count("pk"))["n"]
    return rows, total, sum(row.minutes for row in rows)
