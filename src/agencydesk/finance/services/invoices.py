"""Invoices: a draft against a client contract, changed while it is a draft,
issued with a gap-free number of its series and year, and corrected only by
a credit note once issued."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.services import ensure_editable
from agencydesk.core.access import require_actor
from agencydesk.core.numbering import next_in_series

from ..errors import (
    ContractClosedError,
    CreditNoteError,
    DepositTakenError,
    InvoiceAmountError,
    InvoiceContractError,
    InvoiceLinesError,
    InvoiceNotDraftError,
)
from ..models import Contract, Invoice, InvoiceLine, InvoiceSource
from ._shared import ensure_may_manage, lock_contract, record

CENT = Decimal("0.01")
DEFAULT_SERIES = "INV"
CREDIT_NOTE_SERIES = "CN"
MAX_LINES = 200
_SERIES = re.compile(r"^[A-Z0-9]{1,10}$")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise InvoiceAmountError(_("Enter a number."), field=field) from None
    if not number.is_finite():
        raise InvoiceAmountError(_("Enter a number."), field=field)
    return number


def _clean_lines(lines: Iterable[Mapping[str, Any]]) -> list[InvoiceLine]:
    made = []
    for position, line in enumerate(lines):
        description = str(line.get("description") or "").strip()
        if not description:
            continue  # an empty row of the form
        quantity = _decimal(line.get("quantity", 1), "lines")
        price = _decimal(line.get("unit_price"), "lines")
        if quantity <= 0 or price < 0:
            raise InvoiceAmountError(
                _("Quantities are above zero and prices are not negative."),
                field="lines",
            )
        made_line = InvoiceLine(
            position=position,
            description=description[:300],
            quantity=_cents(quantity),
            unit_price=_cents(price),
            amount=_cents(quantity * price),
        )
        # The line of the draft it replaces (``id`` as the draft's page and
        # the API send it): its sources follow it (``invoice_update``).
        made_line.replaces = line.get("id")
        made.append(made_line)
    if not made:
        raise InvoiceLinesError(field="lines")
    if len(made) > MAX_LINES:
        raise InvoiceLinesError(
            _("An invoice has at most %(count)s lines.") % {"count": MAX_LINES},
            field="lines",
        )
    return made


def _tax_rate(value: Any) -> Decimal:
    rate = _decimal(value, "tax_rate")
    if rate < 0 or rate > 100:
        raise InvoiceAmountError(
            _("A percentage lies between 0 and 100."), field="tax_rate"
        )
    return rate


def _set_totals(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    invoice.subtotal = sum((line.amount for line in lines), Decimal("0"))
    invoice.tax = _cents(invoice.subtotal * invoice.tax_rate / 100)
    invoice.total = invoice.subtotal + invoice.tax
    if abs(invoice.total) >= Decimal("1e12"):
        raise InvoiceAmountError(_("The total is too large."), field="lines")


def _save_lines(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)


def ensure_one_deposit(contract: Contract, *, exclude_pk: int | None = None) -> None:
    """At most one deposit invoice per contract that is not cancelled (call
    under the contract's lock; the partial unique index is the last guard)."""
    taken = Invoice.objects.filter(contract=contract, is_deposit=True).exclude(
        status=Invoice.Status.CANCELLED
    )
    if taken.exclude(pk=exclude_pk).exists():
        raise DepositTakenError


def lock_invoice(actor: Any, invoice: Invoice) -> Invoice:
    """The invoice re-read under a row lock with its contract, after the
    contract's access rule and the client's archived-account guard."""
    contract = Contract.objects.get(pk=invoice.contract_id)
    ensure_may_manage(actor, contract.client_id)
    if contract.client_id:
        ensure_editable(contract.client)
    return (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("contract")
        .get(pk=invoice.pk)
    )


def _draft(actor: Any, invoice: Invoice) -> Invoice:
    locked = lock_invoice(actor, invoice)
    if not locked.is_draft:
        raise InvoiceNotDraftError
    return locked


@transaction.atomic
def invoice_create(
    *,
    actor: Any,
    contract: Contract,
    lines: Iterable[Mapping[str, Any]],
    tax_rate: Any = None,
    series: str = DEFAULT_SERIES,
    note: str = "",
    is_deposit: bool = False,
) -> Invoice:
    """A draft invoice of a client contract, in its currency, taxed at its
    rate unless another is given. Drafts have no number. ``is_deposit`` marks
    it as the contract's deposit (one at most)."""
    require_actor(actor, "finance.add_invoice")
    if not contract.client_id:
        raise InvoiceContractError
    contract = lock_contract(actor, contract)
    series = (series or DEFAULT_SERIES).strip().upper()
    if not _SERIES.match(series):
        raise InvoiceAmountError(
            _("A series is 1 to 10 capital letters or digits."), field="series"
        )
    if is_deposit:
        ensure_one_deposit(contract)
    invoice = Invoice(
        contract=contract,
        series=series,
        currency=contract.currency,
        tax_rate=_tax_rate(contract.tax_rate if tax_rate is None else tax_rate),
        note=note[:500],
        is_deposit=bool(is_deposit),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    made = _clean_lines(lines)
    _set_totals(invoice, made)
    invoice.save()
    _save_lines(invoice, made)
    return invoice


@transaction.atomic
def invoice_update(
    *,
    actor: Any,
    invoice: Invoice,
    lines: Iterable[Mapping[str, Any]] | None = None,
    tax_rate: Any = None,
    note: str | None = None,
    is_deposit: bool | None = None,
) -> Invoice:
    """Change a draft: its lines (replaced whole), tax rate, note or whether
    it is the deposit."""
    require_actor(actor, "finance.change_invoice")
    invoice = _draft(actor, invoice)
    if is_deposit is not None:
        if is_deposit and not invoice.is_deposit:
            Contract.objects.select_for_update().get(pk=invoice.contract_id)
            ensure_one_deposit(invoice.contract, exclude_pk=invoice.pk)
        invoice.is_deposit = bool(is_deposit)
    if tax_rate is not None:
        invoice.tax_rate = _tax_rate(tax_rate)
    if note is not None:
        invoice.note = note[:500]
    made = _clean_lines(lines) if lines is not None else list(invoice.lines.all())
    _set_totals(invoice, made)
    invoice.save()
    if lines is not None:
        replace_lines(invoice, made)
    return invoice


def replace_lines(invoice: Invoice, made: list[InvoiceLine]) -> None:
    """Put ``made`` in place of a draft's lines. A new line that names an old
    one (``replaces``) takes over what it bills; the sources of an old line
    no new one names are freed (billed by nothing now)."""
    old_ids = set(invoice.lines.values_list("pk", flat=True))
    _save_lines(invoice, made)
    kept: set[int] = set()
    for line in made:
        try:
            old = int(getattr(line, "replaces", None) or 0)
        except (TypeError, ValueError):
            continue
        if old in old_ids and old not in kept:
            kept.add(old)
            InvoiceSource.objects.filter(line_id=old).update(line=line)
    InvoiceSource.objects.filter(line_id__in=old_ids - kept).delete()
    InvoiceLine.objects.filter(pk__in=old_ids).delete()


@transaction.atomic
def invoice_delete(*, actor: Any, invoice: Invoice) -> None:
    """Delete a draft (a planned invoice it was made from is free again, and
    so is what it billed: its sources go with it)."""
    require_actor(actor, "finance.delete_invoice")
    invoice = _draft(actor, invoice)
    invoice.lines.all().delete()
    invoice.delete()


def _take_number(invoice: Invoice, issue_date: datetime.date) -> None:
    # Taken last, inside the transaction: a refusal before this leaves the
    # counter untouched and a rollback after it gives the number back.
    invoice.year = issue_date.year
    invoice.sequence = next_in_series("invoice", invoice.series, invoice.year)
    invoice.number = f"{invoice.series}-{invoice.year}-{invoice.sequence:04d}"


@transaction.atomic
def invoice_issue(
    *, actor: Any, invoice: Invoice, issue_date: datetime.date | None = None
) -> Invoice:
    """Issue a draft: it takes its number, its date and its due date (the
    issue date plus the contract's net days) and never changes again."""
    require_actor(actor, "finance.change_invoice")
    invoice = _draft(actor, invoice)
    if invoice.contract.is_closed:
        raise ContractClosedError
    if invoice.total <= 0:
        raise InvoiceAmountError(_("An invoice's total is above zero."))
    if invoice.currency != invoice.contract.currency:
        raise InvoiceAmountError(
            _("The contract's currency changed; change the draft or make a new one.")
        )
    issue_date = issue_date or timezone.localdate()
    invoice.issue_date = issue_date
    invoice.due_date = issue_date + datetime.timedelta(days=invoice.contract.net_days)
    invoice.status = Invoice.Status.ISSUED
    _take_number(invoice, issue_date)
    invoice.save()
    record(
        actor,
        invoice.contract,
        "invoice.issued",
        invoice,
        total=str(invoice.total),
        currency=invoice.currency,
    )
    return invoice


@transaction.atomic
def credit_note_create(
    *,
    actor: Any,
    invoice: Invoice,
    reason: str = "",
    issue_date: datetime.date | None = None,
) -> Invoice:
    """Cancel an issued invoice by a credit note: an issued invoice of the
    same lines with negative amounts, numbered in its own series, linked to
    the invoice it corrects. A correction is then issued as a new invoice."""
    require_actor(actor, "finance.add_invoice")
    invoice = lock_invoice(actor, invoice)
    if not invoice.may_be_credited:
        if invoice.is_draft:
            raise CreditNoteError(
                _("A draft has nothing to credit: change or delete it instead.")
            )
        raise CreditNoteError
    issue_date = issue_date or timezone.localdate()
    note = Invoice(
        contract=invoice.contract,
        kind=Invoice.Kind.CREDIT_NOTE,
        corrects=invoice,
        series=CREDIT_NOTE_SERIES,
        status=Invoice.Status.ISSUED,
        currency=invoice.currency,
        tax_rate=invoice.tax_rate,
        # The exact opposite of what was issued, not recomputed: rounding can
        # never leave a cent between an invoice and its credit note.
        subtotal=-invoice.subtotal,
        tax=-invoice.tax,
        total=-invoice.total,
        issue_date=issue_date,
        note=(reason or "")[:500],
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _take_number(note, issue_date)
    note.save()
    _save_lines(
        note,
        [
            InvoiceLine(
                position=line.position,
                description=line.description,
                quantity=line.quantity,
                unit_price=-line.unit_price,
                amount=-line.amount,
            )
            for line in invoice.lines.all()
        ],
    )
    invoice.status = Invoice.Status.CANCELLED
    invoice.save(update_fields=["status", "updated_at"])
    # What it billed (time, a retainer month, milestones, changes) is free
    # for the invoice that corrects it.
    InvoiceSource.objects.filter(invoice=invoice).delete()
    record(
        actor,
        invoice.contract,
        "invoice.credited",
        invoice,
        credit_note=note.number,
        reason=reason,
    )
    return note
