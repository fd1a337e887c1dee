"""Contacts (a client's portal users) and a client's team out of and into the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import Schema
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from agencydesk.clients.models import Contact, TeamMember

from .common import IsoDateTime, StrictIn


def _choice(value: str, allowed: list[str]) -> str:
    if value and value not in allowed:
        raise PydanticCustomError("invalid_choice", "Not one of the choices.")
    return value


class ContactFilter(StrictIn):
    client: str = Field("", max_length=60, description="A client's slug.")
    q: str = Field("", max_length=200, description="Part of a name or address.")
    updated_since: IsoDateTime | None = Field(
        None, description="Changed at or after this time (for syncing)."
    )
    ordering: Literal["name", "updated"] = Field(
        "name", description="`name`: by name; `updated`: last changed first."
    )
    cursor: str = Field("", max_length=500)
    limit: int = Field(25, ge=1, le=100)


class ContactOut(Schema):
    id: int
    client: str
    client_name: str
    full_name: str
    email: str
    role: str
    job_title: str
    phone: str
    is_active: bool
    # Intake made it from an unknown address: the agency's own flag (staff only).
    from_mail_unconfirmed: bool | None
    joined_at: datetime
    # Moved by a change of the contact or of what is shown of their account
    # (name, address, active).
    updated_at: datetime

    @staticmethod
    def resolve_client(obj: Any) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_client_name(obj: Any) -> str:
        return obj.client.name

    @staticmethod
    def resolve_full_name(obj: Any) -> str:
        return obj.user.full_name

    @staticmethod
    def resolve_email(obj: Any) -> str:
        return obj.user.email

    @staticmethod
    def resolve_is_active(obj: Any) -> bool:
        return obj.user.is_active

    @staticmethod
    def resolve_joined_at(obj: Any) -> datetime:
        return obj.user.date_joined

    @staticmethod
    def resolve_from_mail_unconfirmed(obj: Any, context: Any) -> bool | None:
        if not context["request"].viewer.is_staff:
            return None
        return obj.from_mail_unconfirmed


class ContactPage(Schema):
    items: list[ContactOut]
    next_cursor: str | None


class ContactIn(StrictIn):
    """A new contact of a client; with ``invite`` they are e-mailed a link to
    choose their password."""

    client: str = Field(..., min_length=1, max_length=60)
    email: str = Field(..., min_length=3, max_length=254)
    full_name: str = Field(..., min_length=1, max_length=150)
    role: str = Field(Contact.Role.DAY_TO_DAY, max_length=20)
    job_title: str = Field("", max_length=120)
    phone: str = Field("", max_length=40)
    language: str = Field("", max_length=10)
    invite: bool = False

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        try:
            validate_email(value)
        except ValidationError:
            raise PydanticCustomError("invalid_email", "Not an address.") from None
        return value

    @field_validator("role")
    @classmethod
    def _role(cls, value: str) -> str:
        return _choice(value, Contact.Role.values)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        return _choice(value, [code for code, _name in settings.LANGUAGES])


class ContactPatch(StrictIn):
    """What to change; a field left out stays. ``is_active`` false stops the
    contact signing in (their history stays), true lets them in again."""

    role: str | None = Field(None, max_length=20)
    job_title: str | None = Field(None, max_length=120)
    phone: str | None = Field(None, max_length=40)
    is_active: bool | None = None

    @field_validator("role")
    @classmethod
    def _role(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value not in Contact.Role.values:
            raise PydanticCustomError("invalid_choice", "Not one of the choices.")
        return value


class TeamMemberOut(Schema):
    full_name: str
    email: str
    role: str
    role_label: str

    @staticmethod
    def resolve_full_name(obj: Any) -> str:
        return obj.user.full_name

    @staticmethod
    def resolve_email(obj: Any) -> str:
        return obj.user.email

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(TeamMember.Role(obj.role).label)


class TeamOut(Schema):
    items: list[TeamMemberOut]
