"""Reads of budgets with plans: burn beside the confirmed hours planned, and
the budgets past a share of their hours or money."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from django.db.models import Sum

from agencydesk.timesheets.selectors import (
    Burn,
    budgets_for_month,
    burn_for_budgets,
)
from agencydesk.timesheets.weeks import next_month

from ..models import Allocation


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
