"""Demo contracts and documents: a contract for each demo client, in a
different state each (``STATES``: one deposit unpaid so that its onboarding
kickoff waits, one invoice overdue, one act awaiting the client's signature,
a draft, an ended one), two contractors with theirs and their bills, and
documents in the states the status table shows (one overdue from the
client); invoices due this week and next and a bill due this week for the
weekly view; exchange rates into the agency's currency for profitability.
Through the services; idempotent. It runs before onboarding's demo, which
archives a client (an archived account takes no contract)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from agencydesk.clients.models import Client
from agencydesk.core.models import Agency
from agencydesk.core.secrets import secrets_enabled
from agencydesk.timesheets.models import ExchangeRate
from agencydesk.timesheets.services import exchange_rate_set

from . import services
from .models import Contract, Document

CONTRACTORS = [
    ("Lumen Video Studio", "ID", "IDR", "BCA 123-456-7890, PT Lumen Video"),
    ("Oksana Design", "RU", "RUB", "Tinkoff 4081 7810 0000 0000 0001"),
]


# Each demo client's contract, in the state its money is in.
STATES = {
    # the deposit paid, the first month's act signed, a month due this week
    "kopi-nusantara": "running",
    # the deposit half paid and overdue, an act awaiting the client's
    # signature, a month due next week
    "lion-city-eats": "overdue",
    # the deposit invoiced and unpaid: onboarding's kickoff waits for it
    "brightline-fitness": "deposit",
    # a prospect: the contract drafted with its plan, nothing invoiced
    "nordwind-outdoor": "draft",
    # offboarding: the deposit paid, the last months planned
    "taiga-honey": "closing",
    # the archived client's contract ended, everything paid and acted
    "qingshan-tea": "ended",
}


def _deposit(contract: Contract, *, share: Decimal = Decimal(1)) -> Decimal:
    """The deposit planned and invoiced, ``share`` of it paid."""
    deposit = (contract.amount * contract.deposit_percent / 100).quantize(Decimal("1"))
    plan = services.planned_invoice_create(
        actor=None,
        contract=contract,
        what_for="Deposit",
        amount=deposit,
        planned_date=contract.date,
        is_deposit=True,
    )
    invoice = services.planned_invoice_make_invoice(
        actor=None, planned=plan, issue=True, issue_date=contract.date
    )
    if share:
        services.payment_record(
            actor=None,
            invoice=invoice,
            amount=(invoice.total * share).quantize(Decimal("0.01")),
            currency=invoice.currency,
            date=contract.date + timedelta(days=3),
            reference=f"Transfer {invoice.number}",
        )
    return deposit


def _months(contract: Contract, deposit: Decimal, count: int = 3) -> Decimal:
    monthly = ((contract.amount - deposit) / 11).quantize(Decimal("1"))
    for month in range(1, count + 1):
        services.planned_invoice_create(
            actor=None,
            contract=contract,
            what_for=f"Retainer, month {month}",
            amount=monthly,
            planned_date=contract.date + timedelta(days=30 * month),
        )
    return monthly


def _act(contract: Contract, day, monthly: Decimal, *, signed: bool) -> None:
    """The month up to ``day`` closed by an act."""
    services.act_create(
        actor=None,
        contract=contract,
        number=f"A-{contract.number}-1",
        date=day - timedelta(days=2),
        period_start=day - timedelta(days=30),
        period_end=day - timedelta(days=1),
        amount=monthly,
        delivered="Social media calendar, 12 posts, monthly report",
        status="signed" if signed else "sent",
    )


def _money(contract: Contract, state: str, today, this_sunday) -> None:
    """The contract's plan, invoices, payments and act for its ``state``."""
    if state == "draft":
        _months(contract, _deposit_planned(contract))
        return
    services.contract_set_status(actor=None, contract=contract, status="active")
    if state == "deposit":
        _months(contract, _deposit(contract, share=Decimal(0)))
        return
    # Lion City paid half its deposit, which fell due weeks ago.
    share = Decimal("0.5") if state == "overdue" else Decimal(1)
    monthly = _months(contract, _deposit(contract, share=share))
    _act(contract, min(today, contract.end), monthly, signed=state != "overdue")
    if state == "running":
        _due_soon(contract, this_sunday)
    elif state == "overdue":
        _due_soon(contract, this_sunday + timedelta(days=3))
    elif state == "ended":
        invoice = _due_soon(contract, contract.end - timedelta(days=10))
        services.payment_record(
            actor=None,
            invoice=invoice,
            amount=invoice.total,
            currency=invoice.currency,
            date=contract.end - timedelta(days=12),
            reference=f"Transfer {invoice.number}",
        )


def _deposit_planned(contract: Contract) -> Decimal:
    deposit = (contract.amount * contract.deposit_percent / 100).quantize(Decimal("1"))
    services.planned_invoice_create(
        actor=None,
        contract=contract,
        what_for="Deposit",
        amount=deposit,
        planned_date=contract.date + timedelta(days=14),
        is_deposit=True,
    )
    return deposit


def _due_soon(contract: Contract, due):
    """Issue the first retainer month so that it falls due on ``due``: the
    weekly view (this week, next week) has something to show."""
    plan = (
        contract.planned_invoices.filter(invoice__isnull=True)
        .order_by("planned_date", "pk")
        .first()
    )
    return services.planned_invoice_make_invoice(
        actor=None,
        planned=plan,
        issue=True,
        issue_date=due - timedelta(days=contract.net_days),
    )


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 demo contract\n")


def _rates(today) -> None:
    """Exchange rates into the agency's currency for the clients' and
    contractors' currencies, from two months back: profitability's agency
    totals convert with them (and show which rate of which date)."""
    agency = Agency.objects.first()
    base = agency.currency if agency else "USD"
    per_unit = {
        "IDR": "0.0000625",
        "RUB": "0.0110",
        "CNY": "0.1380",
        "SGD": "0.7400",
        "EUR": "1.0800",
        "USD": "1",
    }
    for currency, rate in per_unit.items():
        if (
            currency != base
            and not ExchangeRate.objects.filter(
                from_currency=currency, to_currency=base
            ).exists()
        ):
            exchange_rate_set(
                actor=None,
                from_currency=currency,
                to_currency=base,
                rate=Decimal(rate),
                valid_from=today - timedelta(days=60),
            )


@transaction.atomic
def load(out: TextIO) -> None:
    """Create the demo's contracts and documents if missing."""
    today = timezone.localdate()
    this_sunday = today + timedelta(days=6 - today.weekday())
    _rates(today)
    if Contract.objects.exists():
        out.write("Finance: demo contracts already present.\n")
        return
    clients = Client.objects.filter(slug__in=STATES).exclude(
        status=Client.Status.ARCHIVED
    )
    for index, client in enumerate(
        sorted(clients, key=lambda c: list(STATES).index(c.slug))
    ):
        state = STATES[client.slug]
        # The ended contract ran a year until last month.
        date = today - timedelta(days=400 if state == "ended" else 40 - index * 7)
        contract = services.contract_create(
            actor=None,
            client=client,
            number=f"C-{date.year}-{index + 1:03d}",
            date=date,
            subject="Digital marketing retainer",
            amount=Decimal("12000.00") + index * 1500,
            currency=client.currency,
            tax_rate=Decimal("11"),
            deposit_percent=Decimal("30"),
            net_days=14,
            payment_schedule="30% on signing, the rest monthly",
            start=date + timedelta(days=10),
            end=date + timedelta(days=375),
            signature=Contract.Signature.E_SIGNED
            if index % 2
            else Contract.Signature.PAPER,
            upload=_pdf(f"contract-{client.slug}.pdf"),
        )
        _money(contract, state, today, this_sunday)
        if state == "draft":
            continue
        awaited = state == "running"
        services.document_create(
            actor=None,
            contract=contract,
            kind=Document.Kind.CONTRACT,
            number=contract.number,
            title="Contract",
            date=contract.date,
            form=Document.Form.SCAN if awaited else Document.Form.ORIGINAL,
            signed_by_us=True,
            signed_by_them=not awaited,
            expected_from_them="The signed original by courier" if awaited else "",
            expected_by=today - timedelta(days=3) if awaited else None,
            status=Document.Status.SENT if awaited else Document.Status.DONE,
        )
        if state in ("running", "overdue"):
            services.document_create(
                actor=None,
                contract=contract,
                kind=Document.Kind.ACT,
                title="Act for last month's work",
                date=today - timedelta(days=2),
                form=Document.Form.ELECTRONIC,
                signed_by_us=True,
                expected_from_them="The act signed",
                expected_by=today + timedelta(days=5 + index),
                status=Document.Status.SENT,
            )
        if state == "ended":
            # Ended last: an ended contract is closed to every change.
            services.contract_set_status(actor=None, contract=contract, status="ended")
    for index, (name, country, currency, bank) in enumerate(CONTRACTORS):
        contractor = services.contractor_create(
            actor=None,
            name=name,
            country=country,
            currency=currency,
            # Without a SECRETS_KEY nothing secret can be stored.
            bank_details=bank if secrets_enabled() else "",
        )
        contract = services.contract_create(
            actor=None,
            contractor=contractor,
            number=f"S-{today.year}-{index + 1:03d}",
            date=today - timedelta(days=20),
            subject="Production work",
            amount=Decimal("3500.00"),
            currency=currency,
            signature=Contract.Signature.E_SIGNED,
            upload=_pdf(f"contractor-{index + 1}.pdf"),
        )
        services.contract_set_status(actor=None, contract=contract, status="active")
        services.bill_create(
            actor=None,
            contract=contract,
            number=f"B-{index + 1}",
            date=today - timedelta(days=5),
            amount=Decimal("1200.00"),
            # One due this week, one overdue.
            due_date=this_sunday if index == 0 else today - timedelta(days=4),
        )
        services.document_create(
            actor=None,
            contract=contract,
            kind=Document.Kind.CONTRACTOR_BILL,
            title="Bill for the first delivery",
            date=today - timedelta(days=5),
            form=Document.Form.ELECTRONIC,
            expected_from_them="The closing act",
            expected_by=today + timedelta(days=7),
            status=Document.Status.SENT,
        )
    out.write("Finance: demo contracts and documents.\n")
