"""Profitability with money: planning's time cost per client beside what was
invoiced, what was paid and what contractors billed, each per currency; and
the agency's totals in its base currency through the exchange rate table
(the rate and its date beside every converted figure, never at 1:1)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from agencydesk.clients.models import Client, TeamMember
from agencydesk.core.access import Viewer
from agencydesk.core.agency import agency_get
from agencydesk.planning.selectors import profitability_report
from agencydesk.timesheets.selectors.exchange import Conversion, RateTable

from ..models import Contract, ContractorBill, Invoice, Payment

ZERO = Decimal("0")
CENT = Decimal("0.01")
# The money of a row, in the order of the page's and the download's columns.
MEASURES = ("value", "time_cost", "invoiced", "paid", "contractor", "margin")


def _add(into: dict[str, Decimal], currency: str, amount: Decimal | None) -> None:
    # Cents whatever the database: SQLite's SUM drops a decimal's scale.
    into[currency] = (into.get(currency, ZERO) + (amount or ZERO)).quantize(CENT)


@dataclass(frozen=True)
class Line:
    """One currency of a row; None where that money did not occur."""

    currency: str
    value: Decimal | None
    time_cost: Decimal | None
    invoiced: Decimal | None
    paid: Decimal | None
    contractor: Decimal | None

    @property
    def margin(self) -> Decimal:
        """Invoiced − time cost − contractor costs, within this currency."""
        return (
            (self.invoiced or ZERO)
            - (self.time_cost or ZERO)
            - (self.contractor or ZERO)
        )

    def get(self, measure: str) -> Decimal | None:
        return getattr(self, measure)


@dataclass
class Money:
    """Sums per currency of each kind of money (never added across them)."""

    minutes: int = 0
    value: dict[str, Decimal] = field(default_factory=dict)
    time_cost: dict[str, Decimal] = field(default_factory=dict)
    invoiced: dict[str, Decimal] = field(default_factory=dict)
    paid: dict[str, Decimal] = field(default_factory=dict)
    contractor: dict[str, Decimal] = field(default_factory=dict)

    def merge(self, other: Money) -> None:
        self.minutes += other.minutes
        for name in ("value", "time_cost", "invoiced", "paid", "contractor"):
            for currency, amount in getattr(other, name).items():
                _add(getattr(self, name), currency, amount)

    @property
    def lines(self) -> list[Line]:
        currencies = sorted(
            {
                *self.value,
                *self.time_cost,
                *self.invoiced,
                *self.paid,
                *self.contractor,
            }
        )
        return [
            Line(
                currency,
                self.value.get(currency),
                self.time_cost.get(currency),
                self.invoiced.get(currency),
                self.paid.get(currency),
                self.contractor.get(currency),
            )
            for currency in currencies
        ]


@dataclass
class ClientRow(Money):
    client: Client | None = None


@dataclass(frozen=True)
class BaseLine:
    """A currency of the agency's totals in the base currency: the base
    itself, converted at ``rate`` (with its date), or without a rate (shown
    as it is and left out of the base total)."""

    line: Line
    base: str
    rate: Decimal | None = None
    valid_from: datetime.date | None = None

    @property
    def is_base(self) -> bool:
        return self.line.currency == self.base

    @property
    def has_rate(self) -> bool:
        return self.is_base or self.rate is not None

    @property
    def rate_text(self) -> str:
        """The rate as the table holds it, without trailing zeros and never
        in exponent form (16000, not 1.6E+4)."""
        return format(self.rate.normalize(), "f") if self.rate is not None else ""

    def converted(self, measure: str) -> Decimal | None:
        amount = self.line.get(measure)
        if amount is None or not self.has_rate:
            return None
        if self.is_base:
            return amount
        return Conversion(
            self.line.currency, amount, self.base, self.rate, self.valid_from
        ).converted

    @property
    def figures(self) -> list[Decimal | None]:
        return [self.converted(m) for m in MEASURES]


@dataclass
class BaseTotals:
    base: str
    day: datetime.date
    lines: list[BaseLine]

    @property
    def missing(self) -> list[str]:
        """Currencies without a rate on the day: left out of the total."""
        return [b.line.currency for b in self.lines if not b.has_rate]

    def total(self, measure: str) -> Decimal:
        return sum(
            (b.converted(measure) or ZERO for b in self.lines if b.has_rate), ZERO
        )

    @property
    def totals(self) -> list[Decimal]:
        return [self.total(m) for m in MEASURES]


@dataclass
class ProfitabilityView:
    first: datetime.date
    last: datetime.date
    rows: list[ClientRow]
    totals: Money
    # Contractor bills whose contract's projects are not of exactly one
    # client (or of a client the viewer does not see): the agency's cost,
    # nobody's row.
    unattributed: dict[str, Decimal]
    base: BaseTotals

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.unattributed

    @property
    def unattributed_lines(self) -> list[Line]:
        return Money(contractor=self.unattributed).lines


def _scope(client_id: int | None, manager_id: int | None) -> list[int] | None:
    """The clients a filter narrows to (None: every client the viewer sees);
    an account manager's: those whose team they are on as account manager,
    as the weekly view."""
    if client_id is not None:
        return [client_id]
    if manager_id:
        return list(
            TeamMember.objects.filter(
                user_id=manager_id, role=TeamMember.Role.ACCOUNT_MANAGER
            ).values_list("client_id", flat=True)
        )
    return None


def _narrow(rows: QuerySet, path: str, scope: Any) -> QuerySet:
    return rows if scope is None else rows.filter(**{f"{path}__in": scope})


def _bill_clients(bills: QuerySet) -> dict[int, int | None]:
    """Each billed contractor contract's client: the one client whose
    projects it links, else None (no project, or projects of several)."""
    links = (
        Contract.projects.through.objects.filter(
            contract_id__in=bills.values("contract_id")
        )
        .values_list("contract_id", "project__client_id")
        .distinct()
    )
    clients: dict[int, set[int]] = defaultdict(set)
    for contract_id, client_id in links:
        clients[contract_id].add(client_id)
    return {c: next(iter(s)) if len(s) == 1 else None for c, s in clients.items()}


def profitability_with_money(
    *,
    viewer: Viewer,
    first: datetime.date,
    last: datetime.date,
    client_id: int | None = None,
    manager_id: int | None = None,
) -> ProfitabilityView:
    """Per client between two dates, each per currency:

    - time: minutes, billable value and cost (planning's report);
    - invoiced: issued invoices by issue date, net of credit notes (a credit
      note counts on its own issue date, negative); drafts are not money;
    - paid: payments not reversed, by payment date;
    - contractor costs: contractor bills by bill date (to pay or paid) of
      contractor contracts linking projects of that one client;
    - margin: invoiced − time cost − contractor costs.

    The agency's totals add bills not attributable to one client (only
    without a client or account manager filter). A fixed number of queries
    whatever the size: time (2), invoices, payments, bills and their
    contracts' clients, the clients, the agency, the rates."""
    scope = _scope(client_id, manager_id)
    per_client: dict[int, ClientRow] = defaultdict(ClientRow)

    for item in profitability_report(
        viewer=viewer, first=first, last=last, client_ids=scope
    ):
        row = per_client[item.client.pk]
        row.minutes += item.minutes
        for currency, amount in item.value.items():
            _add(row.value, currency, amount)
        for currency, amount in item.cost.items():
            _add(row.time_cost, currency, amount)

    invoices = _narrow(
        Invoice.objects.visible_to(viewer)
        .exclude(status=Invoice.Status.DRAFT)
        .filter(issue_date__range=(first, last)),
        "contract__client_id",
        scope,
    )
    for found in (
        invoices.values("contract__client_id", "currency")
        .annotate(total=Sum("total"))
        .order_by()
    ):
        _add(
            per_client[found["contract__client_id"]].invoiced,
            found["currency"],
            found["total"],
        )

    payments = _narrow(
        Payment.objects.visible_to(viewer).filter(
            reversed_at__isnull=True, date__range=(first, last)
        ),
        "invoice__contract__client_id",
        scope,
    )
    for found in (
        payments.values("invoice__contract__client_id", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        _add(
            per_client[found["invoice__contract__client_id"]].paid,
            found["currency"],
            found["total"],
        )

    bills = ContractorBill.objects.visible_to(viewer).filter(date__range=(first, last))
    billed = list(
        bills.values("contract_id", "contract__currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    bill_client = _bill_clients(bills) if billed else {}

    clients = Client.objects.visible_to(viewer).in_bulk(
        {*per_client, *(c for c in bill_client.values() if c is not None)}
    )
    unattributed: dict[str, Decimal] = {}
    for found in billed:
        owner = bill_client.get(found["contract_id"])
        currency, amount = found["contract__currency"], found["total"]
        if owner is not None and owner in clients:
            # The bills are read whole: their client comes from the projects.
            if scope is None or owner in scope:
                _add(per_client[owner].contractor, currency, amount)
        elif scope is None:
            _add(unattributed, currency, amount)

    rows = []
    for pk, row in per_client.items():
        if pk in clients:
            row.client = clients[pk]
            rows.append(row)
    rows.sort(key=lambda r: (r.client.name.lower(), r.client.pk))

    totals = Money()
    for row in rows:
        totals.merge(row)
    for currency, amount in unattributed.items():
        _add(totals.contractor, currency, amount)
    return ProfitabilityView(
        first=first,
        last=last,
        rows=rows,
        totals=totals,
        unattributed=unattributed,
        base=base_totals(totals.lines, last),
    )


def base_totals(lines: list[Line], day: datetime.date) -> BaseTotals:
    """The lines in the agency's currency at the newest rate valid on
    ``day`` (one query for the agency, one for the rates when any line is in
    another currency)."""
    base = agency_get().currency
    table = RateTable(((line.currency, base) for line in lines), day)
    converted = []
    for line in lines:
        found = (
            None if line.currency == base else table.rate_on(line.currency, base, day)
        )
        converted.append(
            BaseLine(
                line,
                base,
                rate=found[1] if found else None,
                valid_from=found[0] if found else None,
            )
        )
    return BaseTotals(base=base, day=day, lines=converted)
