"""What timesheets lends to work's scope and change requests (registered in
``TimesheetsConfig.ready``; work sits below and cannot import this app):
hours logged for the scope meter, the cost of a change request from the
rate card, and the budget an approved change request adds to."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, Sum

from .models import Budget, Rate, TimeEntry
from .selectors.exchange import RateTable
from .services.budgets import budget_set

CENT = Decimal("0.01")


def hours_logged(*, client_id: int, spans: list, tz: str = "UTC") -> dict:
    """Hours logged for the client in each span (one query)."""
    sums = {
        f"s{n}": Sum("minutes", filter=Q(date__gte=first, date__lte=last))
        for n, (_key, first, last, _area) in enumerate(spans)
    }
    row = TimeEntry.objects.filter(client_id=client_id).aggregate(**sums)
    return {
        key: (Decimal(row[f"s{n}"] or 0) / 60).quantize(CENT)
        for n, (key, *_rest) in enumerate(spans)
    }


def estimate_cost(
    *, client: Any, minutes_by_role: dict[str, int], day: date
) -> tuple[Decimal, str] | None:
    """Each role's hours at its bill rate (the client's own rate first, else
    the agency's), converted into the client's currency by the exchange rate
    table; None when a role has no rate or no conversion."""
    if not minutes_by_role:
        return None
    rates = list(
        Rate.objects.filter(
            kind=Rate.Kind.BILL,
            user__isnull=True,
            role__in=list(minutes_by_role),
            effective_from__lte=day,
        )
        .filter(Q(client__isnull=True) | Q(client=client))
        .order_by("-effective_from", "-pk")
    )
    table = RateTable({(r.currency, client.currency) for r in rates}, day)
    total = Decimal(0)
    for role, minutes in minutes_by_role.items():
        mine = [r for r in rates if r.role == role]
        rate = next((r for r in mine if r.client_id == client.pk), None) or next(
            iter(mine), None
        )
        if rate is None:
            return None
        amount = Decimal(minutes) * rate.hourly_amount / 60
        if rate.currency != client.currency:
            found = table.rate_on(rate.currency, client.currency, day)
            if found is None:
                return None
            amount *= found[1]
        total += amount
    return total.quantize(CENT, rounding=ROUND_HALF_UP), client.currency


def budget_on_approval(*, change_request: Any) -> str:
    """Add an approved change request's hours and cost to the budget: the
    project's budget when it has one by the project's name, else the
    retainer of the month of the decision (created when missing)."""
    minutes = change_request.total_minutes
    amount = change_request.cost_amount or Decimal(0)
    currency = change_request.cost_currency or change_request.client.currency
    if not minutes and not amount:
        return ""
    client = change_request.client
    project = change_request.project
    budget = None
    if project is not None:
        budget = (
            Budget.objects.filter(client=client, project=project.name)
            .exclude(kind=Budget.Kind.RETAINER)
            .first()
        )
    month = change_request.decided_at.date().replace(day=1)
    if budget is None:
        budget = Budget.objects.filter(
            client=client, kind=Budget.Kind.RETAINER, month=month
        ).first()
    if budget is not None and budget.currency != currency:
        amount = Decimal(0)  # never mix currencies: only the hours are added
    kind = budget.kind if budget is not None else Budget.Kind.RETAINER
    budget = budget_set(
        actor=None,
        client=client,
        kind=kind,
        minutes=(budget.minutes if budget else 0) + minutes,
        amount=(budget.amount if budget else Decimal(0)) + amount,
        currency=budget.currency if budget else currency,
        month=budget.month if budget else month,
        project=budget.project if budget else "",
        rolls_over=budget.rolls_over if budget else False,
        client_alert_percent=budget.client_alert_percent if budget else None,
    )
    return str(budget)
