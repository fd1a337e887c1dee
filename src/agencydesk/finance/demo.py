"""Demo contracts and documents: a contract for each active demo client, two
contractors with theirs, and documents in the states the status table shows
(one overdue from the client); the money of the active contracts (a plan, an
issued invoice part paid, one paid in full, a signed act) and a contractor's
bill; invoices due this week and next and a bill due this week for the weekly
view. Through the services; idempotent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from agencydesk.clients.models import Client
from agencydesk.core.secrets import secrets_enabled

from . import services
from .models import Contract, Document

CONTRACTORS = [
    ("Lumen Video Studio", "ID", "IDR", "BCA 123-456-7890, PT Lumen Video"),
    ("Oksana Design", "RU", "RUB", "Tinkoff 4081 7810 0000 0000 0001"),
]


def _money(contract: Contract, index: int, today) -> None:
    """The deposit invoiced and (part) paid, the next months planned, the
    first month closed by a signed act."""
    deposit = (contract.amount * contract.deposit_percent / 100).quantize(Decimal("1"))
    monthly = ((contract.amount - deposit) / 11).quantize(Decimal("1"))
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
    paid = (
        invoice.total if index != 1 else (invoice.total / 2).quantize(Decimal("0.01"))
    )
    services.payment_record(
        actor=None,
        invoice=invoice,
        amount=paid,
        currency=invoice.currency,
        date=contract.date + timedelta(days=3),
        reference=f"Transfer {invoice.number}",
    )
    for month in range(1, 4):
        services.planned_invoice_create(
            actor=None,
            contract=contract,
            what_for=f"Retainer, month {month}",
            amount=monthly,
            planned_date=contract.date + timedelta(days=30 * month),
        )
    services.act_create(
        actor=None,
        contract=contract,
        number=f"A-{contract.number}-1",
        date=today - timedelta(days=2),
        period_start=today - timedelta(days=30),
        period_end=today - timedelta(days=1),
        amount=monthly,
        delivered="Social media calendar, 12 posts, monthly report",
        status="signed" if index == 0 else "sent",
    )


def _due_soon(contract: Contract, due) -> None:
    """Issue the first retainer month so that it falls due on ``due``: the
    weekly view (this week, next week) has something to show."""
    plan = contract.planned_invoices.filter(invoice__isnull=True).first()
    services.planned_invoice_make_invoice(
        actor=None,
        planned=plan,
        issue=True,
        issue_date=due - timedelta(days=contract.net_days),
    )


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 demo contract\n")


@transaction.atomic
def load(out: TextIO) -> None:
    """Create the demo's contracts and documents if missing."""
    today = timezone.localdate()
    this_sunday = today + timedelta(days=6 - today.weekday())
    if Contract.objects.exists():
        out.write("Finance: demo contracts already present.\n")
        return
    clients = list(Client.objects.filter(status=Client.Status.ACTIVE).order_by("name"))
    for index, client in enumerate(clients[:4]):
        contract = services.contract_create(
            actor=None,
            client=client,
            number=f"C-{today.year}-{index + 1:03d}",
            date=today - timedelta(days=40 - index * 7),
            subject="Digital marketing retainer",
            amount=Decimal("12000.00") + index * 1500,
            currency=client.currency,
            tax_rate=Decimal("11"),
            deposit_percent=Decimal("30"),
            net_days=14,
            payment_schedule="30% on signing, the rest monthly",
            start=today - timedelta(days=30),
            end=today + timedelta(days=335),
            signature=Contract.Signature.E_SIGNED
            if index % 2
            else Contract.Signature.PAPER,
            upload=_pdf(f"contract-{client.slug}.pdf"),
        )
        if index != 3:
            services.contract_set_status(actor=None, contract=contract, status="active")
            _money(contract, index, today)
            # The weekly view: the first client's month due this week, the
            # second's next week (its deposit, half paid, is the overdue one).
            if index < 2:
                _due_soon(contract, this_sunday + timedelta(days=3 * index))
        services.document_create(
            actor=None,
            contract=contract,
            kind=Document.Kind.CONTRACT,
            number=contract.number,
            title="Contract",
            date=contract.date,
            form=Document.Form.SCAN if index == 0 else Document.Form.ORIGINAL,
            signed_by_us=True,
            signed_by_them=index != 0,
            expected_from_them="The signed original by courier" if index == 0 else "",
            expected_by=today - timedelta(days=3) if index == 0 else None,
            status=Document.Status.SENT if index == 0 else Document.Status.DONE,
        )
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
