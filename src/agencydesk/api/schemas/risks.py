"""Complaints, risks and escalations out of and into the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from .common import IsoDate, StrictIn

ComplaintStatus = Literal["open", "acknowledged", "resolved", "closed"]
RiskStatus = Literal["open", "mitigated", "materialised", "closed"]
Category = Literal[
    "delivery", "budget", "relationship", "staffing", "technical", "legal", "other"
]


class ComplaintOut(Schema):
    id: int
    client: str
    ticket: str | None
    title: str
    description: str
    source: Literal["call", "ticket", "other"]
    status: ComplaintStatus
    owner: str
    opened_at: datetime
    acknowledge_by: date
    acknowledged_at: datetime | None
    resolution: str
    resolved_at: datetime | None
    client_confirmed_on: date | None
    closed_at: datetime | None

    @staticmethod
    def resolve_client(obj: Any) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_ticket(obj: Any) -> str | None:
        return obj.ticket.reference if obj.ticket_id else None

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return obj.owner.email


class ComplaintPage(Schema):
    items: list[ComplaintOut]
    next_cursor: str | None


class ComplaintIn(StrictIn):
    client: str = Field(..., max_length=60, description="The client's short name.")
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=10000)
    source: Literal["call", "other"] = "call"
    owner: str = Field(
        "", max_length=254, description="A staff e-mail; empty: the token's person."
    )
    ticket: int | None = Field(None, description="The number of a ticket it is about.")


class ComplaintFilter(StrictIn):
    status: ComplaintStatus | Literal[""] = ""
    client: str = Field("", max_length=60)
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class ResolveIn(StrictIn):
    resolution: str = Field(..., min_length=1, max_length=10000)


class CloseIn(StrictIn):
    client_confirmed: bool
    client_confirmed_on: IsoDate | None = None


class EscalateIn(StrictIn):
    reason: str = Field(..., min_length=1, max_length=5000)


class RiskOut(Schema):
    id: int
    client: str | None = Field(..., description="Null: a risk of the agency itself.")
    title: str
    category: Category
    probability: int
    impact: int
    score: int
    owner: str
    mitigation: str
    contingency: str
    review_date: date | None
    status: RiskStatus
    what_happened: str
    updated_at: datetime

    @staticmethod
    def resolve_client(obj: Any) -> str | None:
        return obj.client.slug if obj.client_id else None

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return obj.owner.email


class RiskPage(Schema):
    items: list[RiskOut]
    next_cursor: str | None


class RiskIn(StrictIn):
    client: str = Field("", max_length=60, description="Empty: the agency's own.")
    title: str = Field(..., min_length=1, max_length=200)
    category: Category
    probability: int = Field(..., ge=1, le=5)
    impact: int = Field(..., ge=1, le=5)
    owner: str = Field("", max_length=254)
    mitigation: str = Field("", max_length=10000)
    contingency: str = Field("", max_length=10000)
    review_date: IsoDate | None = None
    status: RiskStatus = "open"
    what_happened: str = Field("", max_length=10000)


class RiskFilter(StrictIn):
    status: RiskStatus | Literal[""] = ""
    client: str = Field("", max_length=60)
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class EscalationOut(Schema):
    id: int
    about: Literal["complaint", "risk", "ticket"]
    complaint_id: int | None
    risk_id: int | None
    ticket: str | None
    client: str | None
    rule: Literal["manual", "complaint_opened", "sla_breach", "low_rating"]
    reason: str = Field(..., description="Why, in the token's person's language.")
    by: str | None = Field(..., description="Null: escalated automatically.")
    to: list[str]
    automatic: bool
    created_at: datetime

    @staticmethod
    def resolve_reason(obj: Any) -> str:
        return obj.reason_text

    @staticmethod
    def resolve_about(obj: Any) -> str:
        if obj.complaint_id:
            return "complaint"
        return "risk" if obj.risk_id else "ticket"

    @staticmethod
    def resolve_ticket(obj: Any) -> str | None:
        return obj.ticket.reference if obj.ticket_id else None

    @staticmethod
    def resolve_client(obj: Any) -> str | None:
        return obj.client.slug if obj.client_id else None

    @staticmethod
    def resolve_by(obj: Any) -> str | None:
        return obj.escalated_by.email if obj.escalated_by_id else None

    @staticmethod
    def resolve_to(obj: Any) -> list[str]:
        return [person.email for person in obj.escalated_to.all()]


class EscalationPage(Schema):
    items: list[EscalationOut]
    next_cursor: str | None


class EscalationFilter(StrictIn):
    about: Literal["complaint", "risk", "ticket", ""] = ""
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)
