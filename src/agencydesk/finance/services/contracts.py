"""Contracts: record one with a client or a contractor, change its terms, move
its status, upload its file in versions (reads in ``finance.selectors``)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client
from agencydesk.clients.services import ensure_editable, store_version_file
from agencydesk.core.access import require_actor
from agencydesk.core.money import CURRENCY_CODES

from ..errors import (
    ContractAmountError,
    ContractCurrencyLockedError,
    ContractDatesError,
    ContractFileMissingError,
    ContractNumberTakenError,
    ContractPartyError,
    ContractProjectError,
    ContractStatusError,
)
from ..models import Contract, ContractFile, Contractor
from ._shared import ensure_may_manage, lock_contract, record

# The terms a contract's form may change (the party never changes).
TERMS = (
    "number",
    "date",
    "subject",
    "amount",
    "currency",
    "tax_rate",
    "deposit_percent",
    "net_days",
    "payment_schedule",
    "start",
    "end",
    "signature",
)


def _check_terms(contract: Contract) -> None:
    if contract.amount is None or Decimal(contract.amount) < 0:
        raise ContractAmountError(_("The amount cannot be negative."), field="amount")
    if contract.currency not in CURRENCY_CODES:
        raise ContractAmountError(_("Choose a known currency."), field="currency")
    for name in ("tax_rate", "deposit_percent"):
        value = Decimal(getattr(contract, name) or 0)
        if value < 0 or value > 100:
            raise ContractAmountError(
                _("A percentage lies between 0 and 100."), field=name
            )
    if contract.start and contract.end and contract.end < contract.start:
        raise ContractDatesError
    taken = Contract.objects.filter(number__iexact=contract.number.strip())
    if contract.pk:
        taken = taken.exclude(pk=contract.pk)
    if taken.exists():
        raise ContractNumberTakenError


def _has_money(contract: Contract) -> bool:
    """Amounts already recorded in the contract's currency (never converted)."""
    return (
        contract.invoices.exists()
        or contract.planned_invoices.exists()
        or contract.acts.exists()
        or contract.bills.exists()
    )


def _set_projects(contract: Contract, projects: Iterable[Any]) -> None:
    projects = list(projects)
    if contract.client_id and any(p.client_id != contract.client_id for p in projects):
        raise ContractProjectError
    contract.projects.set(projects)


def _save(contract: Contract) -> None:
    # Two people saving the same number at once: the unique index decides.
    try:
        with transaction.atomic():
            contract.save()
    except IntegrityError as error:
        raise ContractNumberTakenError from error


@transaction.atomic
def contract_create(
    *,
    actor: Any,
    number: str,
    date: Any,
    subject: str,
    amount: Decimal,
    currency: str,
    client: Client | None = None,
    contractor: Contractor | None = None,
    projects: Iterable[Any] = (),
    upload: Any = None,
    **terms: Any,
) -> Contract:
    """Record a draft contract with a client or a contractor (exactly one),
    with its first file version when one is given."""
    require_actor(actor, "finance.add_contract")
    if (client is None) == (contractor is None):
        raise ContractPartyError
    ensure_may_manage(actor, client.pk if client else None)
    if client is not None:
        client = ensure_editable(client)
    contract = Contract(
        number=number.strip(),
        date=date,
        subject=subject,
        amount=amount,
        currency=currency,
        client=client,
        contractor=contractor,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        **{k: v for k, v in terms.items() if k in TERMS},
    )
    _check_terms(contract)
    _save(contract)
    _set_projects(contract, projects)
    record(actor, contract, "contract.created", contract, amount=str(amount))
    if upload is not None:
        _store_file(actor, contract, upload, note="")
    return contract


@transaction.atomic
def contract_update(
    *, actor: Any, contract: Contract, projects: Iterable[Any] | None = None, **changes
) -> Contract:
    """Change a contract's terms; an ended or cancelled contract is closed."""
    require_actor(actor, "finance.change_contract")
    contract = lock_contract(actor, contract)
    if changes.get("currency", contract.currency) != contract.currency and (
        _has_money(contract)
    ):
        raise ContractCurrencyLockedError
    for name, value in changes.items():
        if name in TERMS:
            setattr(contract, name, value.strip() if name == "number" else value)
    _check_terms(contract)
    _save(contract)
    if projects is not None:
        _set_projects(contract, projects)
    record(actor, contract, "contract.updated", contract)
    return contract


@transaction.atomic
def contract_set_status(*, actor: Any, contract: Contract, status: str) -> Contract:
    """Move a contract along draft → active → ended (or cancelled). An active
    contract has its file: what was agreed is on record."""
    require_actor(actor, "finance.change_contract")
    contract = lock_contract(actor, contract)
    if status not in Contract.MOVES[Contract.Status(contract.status)]:
        raise ContractStatusError
    if status == Contract.Status.ACTIVE and not contract.files.exists():
        raise ContractFileMissingError
    contract.status = status
    contract.save(update_fields=["status", "updated_at"])
    record(actor, contract, "contract.status_changed", contract, status=status)
    return contract


def _store_file(actor: Any, contract: Contract, upload: Any, note: str) -> ContractFile:
    number = (contract.files.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ContractFile(
        contract=contract,
        number=number,
        note=note,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    # The same checks and storage as clients' key materials.
    store_version_file(version, upload)
    version.save()
    record(
        actor,
        contract,
        "contract.file_uploaded",
        contract,
        number=number,
        file=version.filename,
    )
    return version


@transaction.atomic
def contract_add_file(
    *, actor: Any, contract: Contract, upload: Any, note: str = ""
) -> ContractFile:
    """Upload a new version of the contract's file; earlier ones are kept."""
    require_actor(actor, "finance.change_contract")
    contract = lock_contract(actor, contract)
    return _store_file(actor, contract, upload, note)
