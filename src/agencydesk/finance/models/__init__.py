"""The finance app's models, by concern: parties, contracts and the document
status table; invoices and payments; the financial plan, acts and
contractor bills."""

from .billing import Invoice, InvoiceLine, InvoiceSource, Payment
from .contracts import (
    EVERY_CONTRACT,
    MANAGING_ROLES,
    Contract,
    ContractFile,
    Contractor,
    ContractorQuerySet,
    ContractQuerySet,
    Document,
    DocumentQuerySet,
    contract_file_path,
)
from .digest import WeeklyDigest
from .plan import Act, ContractorBill, PlannedInvoice
from .scans import SignedScan

__all__ = [
    "EVERY_CONTRACT",
    "MANAGING_ROLES",
    "Act",
    "Contract",
    "ContractFile",
    "ContractQuerySet",
    "Contractor",
    "ContractorBill",
    "ContractorQuerySet",
    "Document",
    "DocumentQuerySet",
    "Invoice",
    "InvoiceLine",
    "InvoiceSource",
    "Payment",
    "PlannedInvoice",
    "SignedScan",
    "WeeklyDigest",
    "contract_file_path",
]
