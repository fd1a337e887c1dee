"""The shapes of the weekly view: the two weeks around a day, money per
currency and week, a party's line, an account manager's section, and the
whole view. Reads live in ``weekly``."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, DecimalField, Q, Sum, Value, When

from ..models import ContractorBill, Invoice, PlannedInvoice
from .documents import ManagerGroup

OVERDUE, THIS_WEEK, NEXT_WEEK = "overdue", "this_week", "next_week"
BUCKETS = (OVERDUE, THIS_WEEK, NEXT_WEEK)
# Single invoices, bills, plan lines and documents listed on the page (the
# sums above them cover every row; the download lists them all): each row is
# a few money figures formatted by Babel, and the page stays quick to read
# and to render at any size.
ROW_LIMIT = 25
_MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Weeks:
    """This week and next around ``today``, Monday to Sunday."""

    today: datetime.date
    this_monday: datetime.date
    this_sunday: datetime.date
    next_monday: datetime.date
    next_sunday: datetime.date

    @classmethod
    def around(cls, today: datetime.date) -> Weeks:
        monday = today - datetime.timedelta(days=today.weekday())
        return cls(
            today=today,
            this_monday=monday,
            this_sunday=monday + datetime.timedelta(days=6),
            next_monday=monday + datetime.timedelta(days=7),
            next_sunday=monday + datetime.timedelta(days=13),
        )

    def bucket(self, due: datetime.date) -> str:
        if due < self.today:
            return OVERDUE
        return THIS_WEEK if due <= self.this_sunday else NEXT_WEEK

    def sums(self, column: str, amount: str) -> dict[str, Sum]:
        """One sum of ``amount`` per bucket over a date column: a row per
        party and currency rather than per bucket too."""
        return {
            OVERDUE: Sum(
                amount,
                filter=Q(**{f"{column}__lt": self.today}),
                output_field=_MONEY,
            ),
            THIS_WEEK: Sum(
                amount,
                filter=Q(**{f"{column}__range": (self.today, self.this_sunday)}),
                output_field=_MONEY,
            ),
            NEXT_WEEK: Sum(
                amount,
                filter=Q(**{f"{column}__gt": self.this_sunday}),
                output_field=_MONEY,
            ),
        }

    def bucket_of(self, column: str) -> Case:
        """The same as ``bucket`` in SQL, over a date column."""
        return Case(
            When(**{f"{column}__lt": self.today}, then=Value(OVERDUE)),
            When(**{f"{column}__lte": self.this_sunday}, then=Value(THIS_WEEK)),
            default=Value(NEXT_WEEK),
            output_field=CharField(),
        )


@dataclass
class Amounts:
    """Money per currency and week bucket (overdue, this week, next week);
    never added across currencies."""

    by_currency: dict[str, list[Decimal]] = field(default_factory=dict)

    def add(self, currency: str, overdue, this_week, next_week) -> None:
        row = self.by_currency.get(currency)
        if row is None:
            self.by_currency[currency] = [
                overdue or ZERO,
                this_week or ZERO,
                next_week or ZERO,
            ]
            return
        row[0] += overdue or ZERO
        row[1] += this_week or ZERO
        row[2] += next_week or ZERO

    def merge(self, other: Amounts) -> None:
        for currency, row in other.by_currency.items():
            self.add(currency, *row)

    def rows(self) -> list[tuple[str, Decimal, Decimal, Decimal]]:
        """(currency, overdue, this week, next week), one per currency."""
        return [(c, *self.by_currency[c]) for c in sorted(self.by_currency)]

    def __bool__(self) -> bool:
        return bool(self.by_currency)


@dataclass
class PartyLine:
    """A client (or contractor) and what is due from (to) it."""

    party_id: int
    name: str
    amounts: Amounts = field(default_factory=Amounts)
    managers: list = field(default_factory=list)


@dataclass
class ManagerSection:
    """An account manager (None: clients without one) and their clients."""

    manager: Any
    clients: list[PartyLine] = field(default_factory=list)
    amounts: Amounts = field(default_factory=Amounts)

    @property
    def name(self) -> str:
        return self.manager.display_name if self.manager else ""


@dataclass
class WeeklyView:
    weeks: Weeks
    from_clients: Amounts
    managers: list[ManagerSection]
    # ``weekly.ClientLines``: read a page at a time.
    clients: Sequence[PartyLine]
    invoices: list[Invoice]
    invoices_cut: bool
    sees_contractors: bool
    to_contractors: Amounts
    contractors: list[PartyLine]
    bills: list[ContractorBill]
    bills_cut: bool
    planned_amounts: Amounts
    planned: list[PlannedInvoice]
    planned_cut: bool
    expected: list[ManagerGroup]
    expected_cut: bool

    @property
    def has_money(self) -> bool:
        return bool(self.from_clients or self.to_contractors or self.planned_amounts)

    @property
    def is_empty(self) -> bool:
        return not (self.has_money or self.expected)
