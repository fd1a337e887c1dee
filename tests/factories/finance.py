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
