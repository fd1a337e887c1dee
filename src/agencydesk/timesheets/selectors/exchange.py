"""Converting logged value into a budget's currency through the exchange rate
table: the rate valid on the entry's date, shown with that date; without one
the amount stays "not converted", shown apart and never added."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from ..models import ExchangeRate

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Conversion:
    """Logged value in another currency, converted at one rate of the table."""

    currency: str
    amount: Decimal
    to_currency: str
    rate: Decimal
    valid_from: date

    @property
    def converted(self) -> Decimal:
        return (self.amount * self.rate).quantize(CENT, rounding=ROUND_HALF_UP)


class RateTable:
    """The exchange rates of some currency pairs up to a day, read in one query."""

    def __init__(self, pairs: Iterable[tuple[str, str]], until: date | None) -> None:
        self._rates: dict[tuple[str, str], list[tuple[date, Decimal]]] = {}
        pairs = {(a, b) for a, b in pairs if a != b}
        if not pairs or until is None:
            return
        wanted = Q()
        for source, target in pairs:
            wanted |= Q(from_currency=source, to_currency=target)
        rows = (
            ExchangeRate.objects.filter(wanted, valid_from__lte=until)
            .order_by("valid_from", "pk")
            .values_list("from_currency", "to_currency", "valid_from", "rate")
        )
        for source, target, valid_from, rate in rows:
            self._rates.setdefault((source, target), []).append((valid_from, rate))

    def rate_on(
        self, source: str, target: str, day: date
    ) -> tuple[date, Decimal] | None:
        """(valid from, rate) of the newest rate valid on ``day``, or None."""
        rates = self._rates.get((source, target), [])
        index = bisect_right([valid_from for valid_from, _rate in rates], day)
        return rates[index - 1] if index else None
