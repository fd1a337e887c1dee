"""Draft invoices made from what a client owes: a retainer month, approved
time (time and materials), reached milestones and approved change requests.

Each billed thing gets an ``InvoiceSource`` row (unique per time entry,
milestone, change request and retainer month), so it is billed once; the
draft's deletion, the removal of its line or the credit note of the issued
invoice frees it. Amounts are the contract's currency: anything priced in
another is refused, never converted. Line texts are written in the client's
language (the invoice is theirs)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.dates import format_date
from django.db import IntegrityError, transaction
from django.utils.translation import get_language, ngettext, to_locale
from django.utils.translation import gettext as _

from agencydesk.core.access import require_actor
from agencydesk.core.i18n import for_recipient
from agencydesk.core.money import format_money
from agencydesk.timesheets.selectors import rates_for

from ..errors import (
    InvoiceContractError,
    InvoiceNotDraftError,
    NothingToInvoiceError,
    SourceBilledError,
    SourceCurrencyError,
)
from ..models import Contract, Invoice, InvoiceLine, InvoiceSource
from ..selectors.sources import (
    unbilled_changes,
    unbilled_milestones,
    unbilled_retainers,
    unbilled_time,
)
from ._shared import lock_contract
from .invoices import _clean_lines, _set_totals, invoice_create, lock_invoice

HOUR = Decimal("0.01")
GROUPINGS = ("person", "rate")


@dataclass
class _Item:
    """A line to add and what it bills."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    sources: list[InvoiceSource] = field(default_factory=list)

    def as_line(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "quantity": self.quantity,
            "unit_price": self.unit_price,
        }


def _locale() -> str:
    return to_locale(get_language() or "en")


def _day(value: datetime.date) -> str:
    return format_date(value, "medium", locale=_locale())


def _month(value: datetime.date) -> str:
    return format_date(value, "LLLL y", locale=_locale())


def _client_contract(actor: Any, contract: Contract) -> Contract:
    require_actor(actor, "finance.add_invoice")
    if not contract.client_id:
        raise InvoiceContractError
    return lock_contract(actor, contract)


def _wrong_currency(count: int, currencies: Iterable[str], contract: Contract):
    return SourceCurrencyError(
        ngettext(
            "%(count)s of them is priced in %(currencies)s, not in the "
            "contract's %(currency)s; nothing is converted and nothing was "
            "invoiced.",
            "%(count)s of them are priced in %(currencies)s, not in the "
            "contract's %(currency)s; nothing is converted and nothing was "
            "invoiced.",
            count,
        )
        % {
            "count": count,
            "currencies": ", ".join(sorted(set(currencies))),
            "currency": contract.currency,
        }
    )


def _change_items(contract: Contract, *, explicit: bool) -> list[_Item]:
    """Lines for the approved changes not yet invoiced. Added to every draft
    made from a source; asked for explicitly, none at all is a refusal."""
    changes = list(unbilled_changes(contract))
    fitting = [c for c in changes if c.cost_currency == contract.currency]
    if explicit and not fitting:
        if changes:
            raise _wrong_currency(
                len(changes), (c.cost_currency for c in changes), contract
            )
        raise NothingToInvoiceError(
            _("There is no approved change request with a price left to invoice.")
        )
    with for_recipient(contract.client):
        return [
            _Item(
                description=_("Change request CR-%(number)s: %(title)s")
                % {"number": change.pk, "title": change.title},
                quantity=Decimal("1"),
                unit_price=change.cost_amount,
                sources=[
                    InvoiceSource(
                        kind=InvoiceSource.Kind.CHANGE_REQUEST, change_request=change
                    )
                ],
            )
            for change in fitting
        ]


def _attach(invoice: Invoice, lines: Sequence[InvoiceLine], items: list[_Item]):
    rows = []
    for line, item in zip(lines, items, strict=True):
        for source in item.sources:
            source.invoice, source.line = invoice, line
            rows.append(source)
    try:
        with transaction.atomic():
            InvoiceSource.objects.bulk_create(rows)
    except IntegrityError as error:
        # Another contract of the client billed the same thing meanwhile.
        raise SourceBilledError from error


def _draft_from(actor: Any, contract: Contract, items: list[_Item]) -> Invoice:
    """A draft of ``items`` and the approved changes not yet invoiced (drafts
    are not timeline events: issuing is)."""
    items = items + _change_items(contract, explicit=False)
    lines = [item.as_line() for item in items]
    invoice = invoice_create(actor=actor, contract=contract, lines=lines)
    made = list(invoice.lines.order_by("position", "pk"))
    _attach(invoice, made, items)
    return invoice


# A retainer month ---------------------------------------------------------------


@transaction.atomic
def invoice_from_retainer(
    *, actor: Any, contract: Contract, month: datetime.date
) -> Invoice:
    """A draft billing the client's retainer of ``month`` (the monthly budget
    of timesheets: its amount and currency), once per month whichever
    contract bills it; approved changes not yet invoiced are added."""
    contract = _client_contract(actor, contract)
    month = month.replace(day=1)
    label = _month(month)  # for the actor's messages
    if (contract.start and _month_end(month) < contract.start) or (
        contract.end and month > contract.end
    ):
        raise NothingToInvoiceError(
            _("%(month)s is outside the contract's term.") % {"month": label},
            field="month",
        )
    budget = unbilled_retainers(contract).filter(month=month).first()
    if budget is None:
        raise NothingToInvoiceError(
            _(
                "The client has no retainer with an amount for %(month)s, or it "
                "is already invoiced."
            )
            % {"month": label},
            field="month",
        )
    if budget.currency != contract.currency:
        raise _wrong_currency(1, [budget.currency], contract)
    with for_recipient(contract.client):
        description = _("Retainer — %(month)s") % {"month": _month(month)}
    item = _Item(
        description=description,
        quantity=Decimal("1"),
        unit_price=budget.amount,
        sources=[
            InvoiceSource(kind=InvoiceSource.Kind.RETAINER, budget=budget, month=month)
        ],
    )
    return _draft_from(actor, contract, [item])


def _month_end(month: datetime.date) -> datetime.date:
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


# Approved time (time and materials) -------------------------------------------


@transaction.atomic
def invoice_from_time(
    *,
    actor: Any,
    contract: Contract,
    first: datetime.date,
    last: datetime.date,
    group_by: str = "person",
) -> Invoice:
    """A draft billing the approved, not yet invoiced billable time of the
    contract's client (of its linked projects, when it links some) between
    ``first`` and ``last``: a line per person and hourly bill rate (or per
    rate), hours to the hundredth × the rate of timesheets' rate table for
    each entry's day. Time at a rate in another currency refuses the whole."""
    contract = _client_contract(actor, contract)
    if first > last:
        raise NothingToInvoiceError(
            _("The period cannot end before it starts."), field="last"
        )
    if group_by not in GROUPINGS:
        group_by = "person"
    entries = list(unbilled_time(contract, first, last).select_related("user"))
    if not entries:
        raise NothingToInvoiceError(
            _(
                "There is no approved billable time of this client left to "
                "invoice between these dates."
            ),
            field="first",
        )
    rates: dict[tuple[int, datetime.date], Any] = {}
    for entry in entries:
        key = (entry.user_id, entry.date)
        if key not in rates:
            rates[key] = rates_for(
                user=entry.user, client_id=contract.client_id, day=entry.date
            )[0]
    foreign = [
        e for e in entries if rates[(e.user_id, e.date)].currency != contract.currency
    ]
    if foreign:
        raise _wrong_currency(
            len(foreign),
            (rates[(e.user_id, e.date)].currency for e in foreign),
            contract,
        )
    groups: dict[tuple, list] = {}
    for entry in entries:
        rate = rates[(entry.user_id, entry.date)].amount
        key = (entry.user_id, rate) if group_by == "person" else (rate,)
        groups.setdefault(key, []).append(entry)
    items = []
    with for_recipient(contract.client):
        period = f"{_day(first)} – {_day(last)}"
        ordered = sorted(
            groups.items(),
            key=lambda kv: (
                kv[1][0].user.display_name if group_by == "person" else "",
                kv[0][-1],
            ),
        )
        for key, group in ordered:
            rate = key[-1]
            if group_by == "person":
                text = _("Time of %(person)s, %(period)s") % {
                    "person": group[0].user.display_name,
                    "period": period,
                }
            else:
                text = _("Time at %(rate)s an hour, %(period)s") % {
                    "rate": format_money(rate, contract.currency),
                    "period": period,
                }
            minutes = sum(e.minutes for e in group)
            items.append(
                _Item(
                    description=text,
                    quantity=(Decimal(minutes) / 60).quantize(
                        HOUR, rounding=ROUND_HALF_UP
                    ),
                    unit_price=rate,
                    sources=[
                        InvoiceSource(kind=InvoiceSource.Kind.TIME, time_entry=e)
                        for e in group
                    ],
                )
            )
    return _draft_from(actor, contract, items)


# Milestones ---------------------------------------------------------------------


@transaction.atomic
def invoice_from_milestones(
    *,
    actor: Any,
    contract: Contract,
    milestone_ids: Sequence[int] | None = None,
) -> Invoice:
    """A draft billing reached, priced milestones of the contract's linked
    projects (those chosen, or every one in the contract's currency), a line
    each; a milestone is billed once."""
    contract = _client_contract(actor, contract)
    open_ones = list(unbilled_milestones(contract))
    if milestone_ids:
        wanted = {int(pk) for pk in milestone_ids}
        chosen = [m for m in open_ones if m.pk in wanted]
        if len(chosen) != len(wanted):
            raise NothingToInvoiceError(
                _(
                    "A chosen milestone is not done (or not approved by the "
                    "client), has no price, is not of this contract's projects "
                    "or is already invoiced."
                ),
                field="milestones",
            )
    else:
        chosen = [m for m in open_ones if m.currency == contract.currency] or open_ones
    if not chosen:
        raise NothingToInvoiceError(
            _(
                "No milestone of this contract's projects is done, priced and "
                "not yet invoiced."
            ),
            field="milestones",
        )
    foreign = [m for m in chosen if m.currency != contract.currency]
    if foreign:
        raise _wrong_currency(len(foreign), (m.currency for m in foreign), contract)
    with for_recipient(contract.client):
        items = [
            _Item(
                description=_("Milestone: %(title)s (%(project)s)")
                % {"title": str(m), "project": m.project.name},
                quantity=Decimal("1"),
                unit_price=m.amount,
                sources=[InvoiceSource(kind=InvoiceSource.Kind.MILESTONE, milestone=m)],
            )
            for m in chosen
        ]
    return _draft_from(actor, contract, items)


# Approved change requests -------------------------------------------------


@transaction.atomic
def invoice_add_approved_changes(
    *, actor: Any, contract: Contract, invoice: Invoice | None = None
) -> tuple[Invoice, bool]:
    """Put the approved change requests not yet invoiced on a draft of the
    contract: ``invoice`` (a draft of it), else its newest draft, else a new
    one. Returns the draft and whether it was made now."""
    contract = _client_contract(actor, contract)
    if invoice is None:
        invoice = (
            Invoice.objects.filter(
                contract=contract,
                status=Invoice.Status.DRAFT,
                kind=Invoice.Kind.INVOICE,
            )
            .order_by("-pk")
            .first()
        )
    elif invoice.contract_id != contract.pk:
        raise NothingToInvoiceError(_("This draft belongs to another contract."))
    if invoice is not None:
        invoice = lock_invoice(actor, invoice)
        if not invoice.is_draft or invoice.is_credit_note:
            raise InvoiceNotDraftError
    items = _change_items(contract, explicit=True)
    if invoice is None:
        made = invoice_create(
            actor=actor, contract=contract, lines=[i.as_line() for i in items]
        )
        _attach(made, list(made.lines.order_by("position", "pk")), items)
        return made, True
    lines = list(invoice.lines.all())
    start = max((line.position for line in lines), default=-1) + 1
    added = _clean_lines([i.as_line() for i in items])
    for offset, line in enumerate(added):
        line.position = start + offset
        line.invoice = invoice
    _set_totals(invoice, lines + added)
    invoice.save()
    InvoiceLine.objects.bulk_create(added)
    _attach(invoice, added, items)
    return invoice, False
