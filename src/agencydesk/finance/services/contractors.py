"""Contractors: parties the agency pays, with bank details encrypted at rest."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from agencydesk.core import secrets
from agencydesk.core.access import require_actor
from agencydesk.core.money import CURRENCY_CODES

from ..errors import ContractorNameTakenError, CurrencyUnknownError
from ..models import EVERY_CONTRACT, Contractor

FIELDS = ("name", "country", "currency", "email", "is_active")


def _check_currency(currency: str) -> None:
    if currency not in CURRENCY_CODES:
        raise CurrencyUnknownError


def _check_name(name: str, exclude: int | None = None) -> None:
    taken = Contractor.objects.filter(name__iexact=name.strip())
    if exclude:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ContractorNameTakenError


@transaction.atomic
def contractor_create(
    *,
    actor: Any,
    name: str,
    currency: str,
    country: str = "",
    email: str = "",
    bank_details: str = "",
    is_active: bool = True,
) -> Contractor:
    """Add a contractor; bank details are stored encrypted (``core.secrets``)."""
    require_actor(actor, "finance.add_contractor")
    require_actor(actor, EVERY_CONTRACT)
    _check_name(name)
    _check_currency(currency)
    contractor = Contractor(
        name=name.strip(),
        currency=currency,
        country=country,
        email=email,
        is_active=is_active,
    )
    if bank_details:
        contractor.bank_details_encrypted = secrets.encrypt(bank_details)
    contractor.save()
    return contractor


@transaction.atomic
def contractor_update(
    *, actor: Any, contractor: Contractor, bank_details: str | None = None, **changes
) -> Contractor:
    """Change a contractor; ``bank_details`` None keeps them, "" clears them."""
    require_actor(actor, "finance.change_contractor")
    require_actor(actor, EVERY_CONTRACT)
    contractor = Contractor.objects.select_for_update().get(pk=contractor.pk)
    if "name" in changes:
        _check_name(changes["name"], exclude=contractor.pk)
        changes["name"] = changes["name"].strip()
    if "currency" in changes:
        _check_currency(changes["currency"])
    for name, value in changes.items():
        if name in FIELDS:
            setattr(contractor, name, value)
    if bank_details is not None:
        contractor.bank_details_encrypted = (
            secrets.encrypt(bank_details) if bank_details else ""
        )
    contractor.save()
    return contractor


def contractor_bank_details(*, actor: Any, contractor: Contractor) -> str:
    """The decrypted bank details, for who manages contractors."""
    require_actor(actor, "finance.change_contractor")
    if not contractor.bank_details_encrypted:
        return ""
    return secrets.decrypt(contractor.bank_details_encrypted)
