"""Contracts and documents built through the finance services."""

import itertools
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from agencydesk.finance import services

_seq = itertools.count(1)
DAY = date(2026, 11, 4)


def pdf(
    name: str = "contract.pdf", content: bytes = b"%PDF-1.4 contract"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def make_contract(actor=None, **fields):
    fields.setdefault("number", f"T-{next(_seq):04d}")
    fields.setdefault("date", DAY)
    fields.setdefault("subject", "Retainer")
    fields.setdefault("amount", Decimal("1000.00"))
    fields.setdefault("currency", "USD")
    return services.contract_create(actor=actor, **fields)


def make_contractor(**fields):
    fields.setdefault("name", f"Vendor {next(_seq)}")
    fields.setdefault("currency", "IDR")
    return services.contractor_create(actor=None, **fields)


def make_document(contract, **fields):
    fields.setdefault("kind", "act")
    fields.setdefault("title", "Act for October")
    fields.setdefault("date", DAY)
    return services.document_create(actor=None, contract=contract, **fields)


def make_invoice(contract, actor=None, *, issue=False, lines=None, **fields):
    """A draft (or, with ``issue``, issued on ``DAY``) invoice of a client
    contract; one line of 1000.00 unless told."""
    invoice = services.invoice_create(
        actor=actor,
        contract=contract,
        lines=lines
        or [{"description": "Retainer", "quantity": 1, "unit_price": "1000"}],
        **fields,
    )
    if issue:
        invoice = services.invoice_issue(actor=actor, invoice=invoice, issue_date=DAY)
    return invoice


def pay(invoice, amount, actor=None, **fields):
    fields.setdefault("currency", invoice.currency)
    fields.setdefault("date", DAY)
    return services.payment_record(
        actor=actor, invoice=invoice, amount=Decimal(amount), **fields
    )


def make_act(contract, actor=None, **fields):
    fields.setdefault("date", DAY)
    fields.setdefault("period_start", DAY.replace(day=1))
    fields.setdefault("period_end", DAY)
    fields.setdefault("amount", Decimal("300"))
    fields.setdefault("delivered", "Ads and reports")
    return services.act_create(actor=actor, contract=contract, **fields)


def make_bill(contract, actor=None, **fields):
    fields.setdefault("number", f"B-{next(_seq)}")
    fields.setdefault("date", DAY)
    fields.setdefault("due_date", DAY)
    fields.setdefault("amount", Decimal("250000"))
    return services.bill_create(actor=actor, contract=contract, **fields)


def make_planned(contract, actor=None, **fields):
    fields.setdefault("what_for", "Deposit")
    fields.setdefault("amount", Decimal("300"))
    fields.setdefault("planned_date", DAY)
    return services.planned_invoice_create(actor=actor, contract=contract, **fields)
