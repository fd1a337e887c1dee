"""Reads of invoices, payments, the plan, acts and bills, and the money totals
of a contract and of lists spanning contracts (always per currency)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencydesk.core.access import Viewer

from ..models import (
    Act,
    Contract,
    ContractorBill,
    Invoice,
    Payment,
    PlannedInvoice,
)

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def _sum(expression, **filters) -> Coalesce:
    return Coalesce(
        Sum(expression, filter=Q(**filters) if filters else None),
        ZERO,
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def invoice_list(
    *,
    viewer: Viewer,
    status: str = "",
    kind: str = "",
    client_id: int | None = None,
    contract_id: int | None = None,
    overdue: bool = False,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    today: datetime.date | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Invoice]:
    """The invoices and credit notes the viewer may see, with their contract
    and client; the period is the issue date (drafts have none)."""
    rows = Invoice.objects.visible_to(viewer).select_related(
        "contract__client", "corrects"
    )
    if status in Invoice.Status.values:
        rows = rows.filter(status=status)
    if kind in Invoice.Kind.values:
        rows = rows.filter(kind=kind)
    if client_id is not None:
        rows = rows.filter(contract__client_id=client_id)
    if contract_id:
        rows = rows.filter(contract_id=contract_id)
    if overdue:
        rows = rows.filter(
            kind=Invoice.Kind.INVOICE,
            status=Invoice.Status.ISSUED,
            due_date__lt=today or timezone.localdate(),
        )
    if date_from:
        rows = rows.filter(issue_date__gte=date_from)
    if date_to:
        rows = rows.filter(issue_date__lte=date_to)
    if updated_since:
        rows = rows.filter(updated_at__gte=updated_since)
    return rows


@dataclass(frozen=True)
class CurrencyTotals:
    currency: str
    invoiced: Decimal
    paid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.invoiced - self.paid


def invoice_totals_by_currency(invoices: QuerySet[Invoice]) -> list[CurrencyTotals]:
    """What the listed invoices come to, one row per currency (never added
    across currencies): issued net of credit notes, paid, outstanding. Drafts
    are not money yet. One query."""
    rows = (
        invoices.order_by()
        .exclude(status=Invoice.Status.DRAFT)
        .values("currency")
        .annotate(invoiced=_sum("total"), paid=_sum("amount_paid"))
        .order_by("currency")
    )
    return [
        CurrencyTotals(row["currency"], row["invoiced"], row["paid"]) for row in rows
    ]


def invoice_for_page(*, viewer: Viewer) -> QuerySet[Invoice]:
    """An invoice with what its page shows: lines, payments, credit notes."""
    return (
        Invoice.objects.visible_to(viewer)
        .select_related("contract__client", "corrects", "created_by")
        .prefetch_related(
            "lines",
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("recorded_by", "reversed_by"),
            ),
            "credit_notes",
        )
    )


def invoice_for_pdf(*, viewer: Viewer | None = None) -> QuerySet[Invoice]:
    """An invoice with what its PDF shows: contract, client, the invoice it
    corrects, lines. Without a viewer (the worker attaching it to a mail),
    every invoice."""
    rows = Invoice.objects.visible_to(viewer) if viewer else Invoice.objects.all()
    return rows.select_related("contract__client", "corrects").prefetch_related("lines")


def payment_list(
    *,
    viewer: Viewer,
    invoice_id: int | None = None,
    client_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Payment]:
    rows = Payment.objects.visible_to(viewer).select_related(
        "invoice__contract__client"
    )
    if invoice_id:
        rows = rows.filter(invoice_id=invoice_id)
    if client_id is not None:
        rows = rows.filter(invoice__contract__client_id=client_id)
    if date_from:
        rows = rows.filter(date__gte=date_from)
    if date_to:
        rows = rows.filter(date__lte=date_to)
    if updated_since:
        rows = rows.filter(created_at__gte=updated_since)
    return rows


def act_list(
    *,
    viewer: Viewer,
    contract_id: int | None = None,
    client_id: int | None = None,
    status: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Act]:
    """Acts whose period ends within the dates (what accounting closes)."""
    rows = Act.objects.visible_to(viewer).select_related(
        "contract__client", "contract__contractor"
    )
    if contract_id:
        rows = rows.filter(contract_id=contract_id)
    if client_id is not None:
        rows = rows.filter(contract__client_id=client_id)
    if status in Act.Status.values:
        rows = rows.filter(status=status)
    if date_from:
        rows = rows.filter(period_end__gte=date_from)
    if date_to:
        rows = rows.filter(period_end__lte=date_to)
    if updated_since:
        rows = rows.filter(updated_at__gte=updated_since)
    return rows


def bill_list(
    *,
    viewer: Viewer,
    contract_id: int | None = None,
    contractor_id: int | None = None,
    status: str = "",
    updated_since: datetime.datetime | None = None,
) -> QuerySet[ContractorBill]:
    rows = ContractorBill.objects.visible_to(viewer).select_related(
        "contract__contractor"
    )
    if contract_id:
        rows = rows.filter(contract_id=contract_id)
    if contractor_id:
        rows = rows.filter(contract__contractor_id=contractor_id)
    if status in ContractorBill.Status.values:
        rows = rows.filter(status=status)
    if updated_since:
        rows = rows.filter(updated_at__gte=updated_since)
    return rows


@dataclass(frozen=True)
class ContractTotals:
    """A contract's money, all in its currency."""

    currency: str
    planned: Decimal
    invoiced: Decimal
    paid: Decimal
    acted: Decimal
    overdue: Decimal
    bills_to_pay: Decimal
    bills_paid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.invoiced - self.paid


def contract_totals(
    contract: Contract, today: datetime.date | None = None
) -> ContractTotals:
    """Planned, invoiced (net of credit notes), paid, acted (signed acts),
    outstanding (invoiced − paid), overdue (due on issued invoices past their
    due date), and the contractor's bills. Four queries whatever the size."""
    today = today or timezone.localdate()
    planned = PlannedInvoice.objects.filter(contract=contract).aggregate(
        total=_sum("amount")
    )["total"]
    invoices = (
        Invoice.objects.filter(contract=contract)
        .exclude(status=Invoice.Status.DRAFT)
        .aggregate(
            invoiced=_sum("total"),
            paid=_sum("amount_paid"),
            overdue=_sum(
                F("total") - F("amount_paid"),
                kind=Invoice.Kind.INVOICE,
                status=Invoice.Status.ISSUED,
                due_date__lt=today,
            ),
        )
    )
    acted = Act.objects.filter(contract=contract, status=Act.Status.SIGNED).aggregate(
        total=_sum("amount")
    )["total"]
    bills = ContractorBill.objects.filter(contract=contract).aggregate(
        to_pay=_sum("amount", status=ContractorBill.Status.TO_PAY),
        paid=_sum("amount", status=ContractorBill.Status.PAID),
    )
    return ContractTotals(
        currency=contract.currency,
        planned=planned,
        invoiced=invoices["invoiced"],
        paid=invoices["paid"],
        acted=acted,
        overdue=invoices["overdue"],
        bills_to_pay=bills["to_pay"],
        bills_paid=bills["paid"],
    )


@dataclass
class ContractMoney:
    """What a contract's page shows of its money, read in a fixed number of
    queries: the plan, invoices with their payments, acts, bills, totals."""

    planned: list[PlannedInvoice]
    invoices: list[Invoice]
    acts: list[Act]
    bills: list[ContractorBill]
    totals: ContractTotals


def contract_money(
    contract: Contract, today: datetime.date | None = None
) -> ContractMoney:
    invoices = (
        Invoice.objects.filter(contract=contract)
        .select_related("corrects")
        .prefetch_related(
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("recorded_by"),
            )
        )
        .order_by(F("issue_date").desc(nulls_first=True), "-pk")
    )
    return ContractMoney(
        planned=list(
            PlannedInvoice.objects.filter(contract=contract).select_related("invoice")
        ),
        invoices=list(invoices),
        acts=list(Act.objects.filter(contract=contract)),
        bills=list(ContractorBill.objects.filter(contract=contract)),
        totals=contract_totals(contract, today),
    )
