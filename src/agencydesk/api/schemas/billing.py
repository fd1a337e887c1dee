"""Invoices, payments, acts and contractor bills out of and into the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from agencydesk.finance.models import Act, ContractorBill, Invoice, Payment

from .common import IsoDate, IsoDateTime, StrictIn

Id = Field(..., ge=1, le=2_147_483_647)


class _ListFilter(StrictIn):
    client: str = Field("", max_length=60, description="A client's slug.")
    contract: int | None = Field(None, ge=1, le=2_147_483_647)
    updated_since: IsoDateTime | None = Field(
        None, description="Changed at or after this time (for syncing)."
    )
    ordering: Literal["created", "updated"] = Field(
        "created", description="`created`: newest first; `updated`: last changed."
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class InvoiceFilter(_ListFilter):
    status: Literal["", *Invoice.Status.values] = ""  # type: ignore[valid-type]
    kind: Literal["", *Invoice.Kind.values] = ""  # type: ignore[valid-type]
    overdue: bool = False
    issued_from: IsoDate | None = None
    issued_to: IsoDate | None = None


class LineOut(Schema):
    id: int
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


class InvoiceOut(Schema):
    id: int
    contract: int
    client: str
    kind: str
    corrects: int | None
    number: str | None
    series: str
    status: str
    currency: str
    tax_rate: Decimal
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    amount_paid: Decimal
    amount_due: Decimal
    issue_date: date | None
    due_date: date | None
    paid_date: date | None
    note: str
    is_deposit: bool
    lines: list[LineOut]
    # The last sending to the billing contacts, and the overdue sweep's marks.
    sent_at: datetime | None
    sent_to: list[str]
    overdue_at: datetime | None
    last_reminded_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_contract(obj: Any) -> int:
        return obj.contract_id

    @staticmethod
    def resolve_client(obj: Any) -> str:
        return obj.contract.client.slug

    @staticmethod
    def resolve_corrects(obj: Any) -> int | None:
        return obj.corrects_id

    @staticmethod
    def resolve_lines(obj: Any) -> list:
        return list(obj.lines.all())


class InvoicePage(Schema):
    items: list[InvoiceOut]
    next_cursor: str | None


class LineIn(StrictIn):
    id: int | None = Field(
        None,
        ge=1,
        le=2_147_483_647,
        description="Changing a draft: the line this one replaces (what it bills "
        "stays with it; a line left out frees what it billed).",
    )
    description: str = Field(..., min_length=1, max_length=300)
    quantity: Decimal = Field(Decimal("1"), gt=0, max_digits=12, decimal_places=2)
    unit_price: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)


class InvoiceIn(StrictIn):
    """A draft invoice of a client contract (numbered when issued)."""

    contract: int = Id
    lines: list[LineIn] = Field(..., min_length=1, max_length=200)
    tax_rate: Decimal | None = Field(
        None,
        ge=0,
        le=100,
        max_digits=5,
        decimal_places=2,
        description="The contract's rate when left out.",
    )
    series: str = Field("INV", min_length=1, max_length=10, pattern=r"^[A-Z0-9]+$")
    note: str = Field("", max_length=500)
    is_deposit: bool = Field(
        False,
        description="The contract's deposit invoice (one at most); paid in full, "
        "it ticks off the deposit item of the client's onboarding.",
    )


class InvoicePatch(StrictIn):
    """A draft's changes; what is left out stays. ``lines`` replace them all."""

    lines: list[LineIn] | None = Field(None, min_length=1, max_length=200)
    tax_rate: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    note: str | None = Field(None, max_length=500)
    is_deposit: bool | None = None


class FromRetainerIn(StrictIn):
    """A draft billing the client's retainer of a month (its monthly budget)."""

    contract: int = Id
    month: IsoDate = Field(..., description="Any day of the month.")


class FromTimeIn(StrictIn):
    """A draft billing approved, not yet invoiced time of a period."""

    contract: int = Id
    first: IsoDate
    last: IsoDate
    group_by: Literal["person", "rate"] = Field(
        "person", description="A line per person and rate, or per rate."
    )


class FromMilestonesIn(StrictIn):
    """A draft billing reached, priced milestones of the contract's projects."""

    contract: int = Id
    milestones: list[int] = Field(
        default_factory=list,
        max_length=200,
        description="Their ids; empty: every one in the contract's currency.",
    )


class ApprovedChangesIn(StrictIn):
    """Approved change requests not yet invoiced, put on a draft."""

    contract: int = Id
    invoice: int | None = Field(
        None,
        ge=1,
        le=2_147_483_647,
        description="The draft to add them to; the contract's newest draft "
        "(or a new one) when left out.",
    )


class IssueIn(StrictIn):
    issue_date: IsoDate | None = Field(None, description="Today when left out.")


class CreditNoteIn(StrictIn):
    reason: str = Field(..., min_length=1, max_length=500)
    issue_date: IsoDate | None = None


class PaymentOut(Schema):
    id: int
    invoice: int
    date: date
    amount: Decimal
    currency: str
    method: str
    reference: str
    reversed_at: datetime | None
    reversal_reason: str
    created_at: datetime

    @staticmethod
    def resolve_invoice(obj: Any) -> int:
        return obj.invoice_id


class PaymentPage(Schema):
    items: list[PaymentOut]
    next_cursor: str | None


class PaymentFilter(StrictIn):
    invoice: int | None = Field(None, ge=1, le=2_147_483_647)
    client: str = Field("", max_length=60)
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class PaymentIn(StrictIn):
    invoice: int = Id
    amount: Decimal = Field(..., gt=0, max_digits=14, decimal_places=2)
    currency: str = Field(..., min_length=3, max_length=3)
    date: IsoDate | None = None
    method: Literal[*Payment.Method.values] = "bank_transfer"  # type: ignore[valid-type]
    reference: str = Field("", max_length=200)


class ReverseIn(StrictIn):
    reason: str = Field(..., min_length=1, max_length=300)


class ActOut(Schema):
    id: int
    contract: int
    number: str
    date: date
    period_start: date
    period_end: date
    amount: Decimal
    currency: str
    delivered: str
    status: str
    updated_at: datetime

    @staticmethod
    def resolve_contract(obj: Any) -> int:
        return obj.contract_id

    @staticmethod
    def resolve_currency(obj: Any) -> str:
        return obj.contract.currency


class ActPage(Schema):
    items: list[ActOut]
    next_cursor: str | None


class ActPatch(StrictIn):
    number: str | None = Field(None, max_length=60)
    date: IsoDate | None = None
    period_start: IsoDate | None = None
    period_end: IsoDate | None = None
    amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    delivered: str | None = Field(None, min_length=1, max_length=4000)
    status: Literal[*Act.Status.values] | None = None  # type: ignore[valid-type]


class ActIn(ActPatch):
    contract: int = Id
    date: IsoDate
    period_start: IsoDate
    period_end: IsoDate
    amount: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)
    delivered: str = Field(..., min_length=1, max_length=4000)


class ActFilter(_ListFilter):
    status: Literal["", *Act.Status.values] = ""  # type: ignore[valid-type]


class BillOut(Schema):
    id: int
    contract: int
    contractor: int
    number: str
    date: date
    amount: Decimal
    currency: str
    due_date: date
    status: str
    paid_date: date | None
    updated_at: datetime

    @staticmethod
    def resolve_contract(obj: Any) -> int:
        return obj.contract_id

    @staticmethod
    def resolve_contractor(obj: Any) -> int:
        return obj.contract.contractor_id

    @staticmethod
    def resolve_currency(obj: Any) -> str:
        return obj.contract.currency


class BillPage(Schema):
    items: list[BillOut]
    next_cursor: str | None


class BillPatch(StrictIn):
    number: str | None = Field(None, min_length=1, max_length=60)
    date: IsoDate | None = None
    amount: Decimal | None = Field(None, gt=0, max_digits=14, decimal_places=2)
    due_date: IsoDate | None = None
    status: Literal[*ContractorBill.Status.values] | None = None  # type: ignore[valid-type]
    paid_date: IsoDate | None = None


class BillIn(BillPatch):
    contract: int = Id
    number: str = Field(..., min_length=1, max_length=60)
    date: IsoDate
    amount: Decimal = Field(..., gt=0, max_digits=14, decimal_places=2)
    due_date: IsoDate


class BillFilter(StrictIn):
    contract: int | None = Field(None, ge=1, le=2_147_483_647)
    contractor: int | None = Field(None, ge=1, le=2_147_483_647)
    status: Literal["", *ContractorBill.Status.values] = ""  # type: ignore[valid-type]
    updated_since: IsoDateTime | None = None
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)
