"""Contracts, contractors and documents out of and into the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from agencydesk.finance.models import Contract, Document

from .common import IsoDate, IsoDateTime, StrictIn

Money = Field(..., ge=0, max_digits=14, decimal_places=2)
Percent = Field(Decimal("0"), ge=0, le=100, max_digits=5, decimal_places=2)


class FinanceFilter(StrictIn):
    client: str = Field("", max_length=60, description="A client's slug.")
    contractor: int | None = Field(None, ge=1, le=2_147_483_647)
    updated_since: IsoDateTime | None = Field(
        None, description="Changed at or after this time (for syncing)."
    )
    ordering: Literal["date", "updated"] = Field(
        "date", description="`date`: newest first; `updated`: last changed first."
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class ContractFilter(FinanceFilter):
    status: Literal["", *Contract.Status.values] = ""  # type: ignore[valid-type]


class DocumentFilter(FinanceFilter):
    kind: Literal["", *Document.Kind.values] = ""  # type: ignore[valid-type]
    overdue: bool = False


class ContractorOut(Schema):
    id: int
    name: str
    country: str
    currency: str
    email: str
    has_bank_details: bool
    is_active: bool
    updated_at: datetime

    @staticmethod
    def resolve_country(obj: Any) -> str:
        return obj.country.code or ""


class ContractorPage(Schema):
    items: list[ContractorOut]
    next_cursor: str | None


class ContractorIn(StrictIn):
    name: str = Field(..., min_length=1, max_length=200)
    currency: str = Field(..., min_length=3, max_length=3)
    country: str = Field("", max_length=2)
    email: str = Field("", max_length=254)
    bank_details: str = Field("", max_length=2000, description="Stored encrypted.")
    is_active: bool = True


class ContractorPatch(StrictIn):
    name: str | None = Field(None, min_length=1, max_length=200)
    currency: str | None = Field(None, min_length=3, max_length=3)
    country: str | None = Field(None, max_length=2)
    email: str | None = Field(None, max_length=254)
    bank_details: str | None = Field(
        None, max_length=2000, description='Left out: kept; "": removed.'
    )
    is_active: bool | None = None


class ContractOut(Schema):
    id: int
    number: str
    date: date
    client: str | None
    contractor: int | None
    party_name: str
    subject: str
    amount: Decimal
    currency: str
    tax_rate: Decimal
    deposit_percent: Decimal
    net_days: int
    payment_schedule: str
    start: date | None
    end: date | None
    signature: str
    status: str
    projects: list[int]
    files: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_client(obj: Any) -> str | None:
        return obj.client.slug if obj.client_id else None

    @staticmethod
    def resolve_contractor(obj: Any) -> int | None:
        return obj.contractor_id

    @staticmethod
    def resolve_projects(obj: Any) -> list[int]:
        return [p.pk for p in obj.projects.all()]

    @staticmethod
    def resolve_files(obj: Any) -> int:
        return len(obj.files.all())


class ContractPage(Schema):
    items: list[ContractOut]
    next_cursor: str | None


class _Terms(StrictIn):
    date: IsoDate | None = None
    subject: str | None = Field(None, min_length=1, max_length=300)
    tax_rate: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    deposit_percent: Decimal | None = Field(
        None, ge=0, le=100, max_digits=5, decimal_places=2
    )
    net_days: int | None = Field(None, ge=0, le=365)
    payment_schedule: str | None = Field(None, max_length=2000)
    start: IsoDate | None = None
    end: IsoDate | None = None
    signature: Literal["e_signed", "paper"] | None = None
    projects: list[int] | None = Field(None, max_length=100)


class ContractIn(_Terms):
    """A draft contract with a client (its slug) or a contractor (its id)."""

    number: str = Field(..., min_length=1, max_length=60)
    date: IsoDate
    subject: str = Field(..., min_length=1, max_length=300)
    amount: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)
    currency: str = Field(..., min_length=3, max_length=3)
    client: str = Field("", max_length=60)
    contractor: int | None = Field(None, ge=1, le=2_147_483_647)


class ContractPatch(_Terms):
    number: str | None = Field(None, min_length=1, max_length=60)
    amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = Field(None, min_length=3, max_length=3)
    status: Literal["active", "ended", "cancelled"] | None = None


class DocumentOut(Schema):
    id: int
    contract: int
    kind: str
    number: str
    title: str
    date: date
    form: str
    signed_by_us: bool
    signed_by_them: bool
    expected_from_them: str
    expected_by: date | None
    original_holder: str | None
    original_location: str
    status: str
    updated_at: datetime

    @staticmethod
    def resolve_contract(obj: Any) -> int:
        return obj.contract_id

    @staticmethod
    def resolve_original_holder(obj: Any) -> str | None:
        return obj.original_holder.email if obj.original_holder_id else None


class DocumentPage(Schema):
    items: list[DocumentOut]
    next_cursor: str | None


class DocumentPatch(StrictIn):
    kind: Literal[*Document.Kind.values] | None = None  # type: ignore[valid-type]
    number: str | None = Field(None, max_length=60)
    title: str | None = Field(None, min_length=1, max_length=200)
    date: IsoDate | None = None
    form: Literal[*Document.Form.values] | None = None  # type: ignore[valid-type]
    signed_by_us: bool | None = None
    signed_by_them: bool | None = None
    expected_from_them: str | None = Field(None, max_length=500)
    expected_by: IsoDate | None = None
    original_holder: str | None = Field(
        None, max_length=254, description="A member of staff's e-mail address."
    )
    original_location: str | None = Field(None, max_length=200)
    status: Literal[*Document.Status.values] | None = None  # type: ignore[valid-type]


class DocumentIn(DocumentPatch):
    contract: int = Field(..., ge=1, le=2_147_483_647)
    kind: Literal[*Document.Kind.values]  # type: ignore[valid-type]
    title: str = Field(..., min_length=1, max_length=200)
    date: IsoDate
