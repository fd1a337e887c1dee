"""Reads of the rate tables: which hourly cost and bill rate apply to a person's
hour for a client on a day, and the rate and exchange rate lists."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from agencydesk.core.money import Money
from agencydesk.people.models import StaffProfile

from ..models import ExchangeRate, Rate

CENT = Decimal("0.01")


def _roles(user) -> list[str]:
    return list(user.groups.values_list("name", flat=True))


def _specificity(rate: Rate) -> int:
    """Person and client beat role and client, which beat person, then role."""
    if rate.client_id is not None:
        return 0 if rate.user_id is not None else 1
    return 2 if rate.user_id is not None else 3


def rates_for(*, user, client_id: int | None, day: date) -> tuple[Money, Money]:
    """The (bill, cost) hourly rates for ``user`` working for ``client_id`` on
    ``day``: the newest rate effective that day, the most specific first, else
    the staff profile's defaults."""
    candidates = list(
        Rate.objects.filter(effective_from__lte=day)
        .filter(Q(user=user) | Q(role__in=_roles(user), user__isnull=True))
        .filter(Q(client__isnull=True) | Q(client_id=client_id))
        .order_by("-effective_from", "-pk")
    )
    profile = StaffProfile.objects.filter(user=user).first()
    fallback_currency = profile.rate_currency if profile else "USD"
    bill = min(
        (r for r in candidates if r.kind == Rate.Kind.BILL),
        key=_specificity,
        default=None,
    )
    cost = next((r for r in candidates if r.kind == Rate.Kind.COST), None)
    bill_money = (
        Money(bill.hourly_amount, bill.currency)
        if bill
        else Money(
            profile.default_bill_rate if profile else Decimal("0"), fallback_currency
        )
    )
    cost_money = (
        Money(cost.hourly_amount, cost.currency)
        if cost
        else Money(profile.hourly_cost if profile else Decimal("0"), fallback_currency)
    )
    return bill_money, cost_money


def value_of(minutes: int, hourly: Decimal) -> Decimal:
    """``minutes`` at ``hourly``, rounded half-up to the cent."""
    return (Decimal(minutes) * hourly / 60).quantize(CENT, rounding=ROUND_HALF_UP)


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
