"""The financial plan of a contract: planned invoices (made into invoices
when their date comes), acts closing works per period, and the bills of
contractors to pay."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.services import ensure_editable
from agencydesk.core.access import require_actor

from ..errors import (
    ActError,
    BillError,
    DepositTakenError,
    InvoiceContractError,
    PlanError,
)
from ..models import Act, Contract, ContractorBill, Invoice, PlannedInvoice
from ._shared import ensure_may_manage, lock_contract, record
from .invoices import ensure_one_deposit, invoice_create, invoice_issue

PLAN_FIELDS = ("what_for", "amount", "planned_date")
ACT_FIELDS = (
    "number",
    "date",
    "period_start",
    "period_end",
    "amount",
    "delivered",
    "status",
)
BILL_FIELDS = ("number", "date", "amount", "due_date", "status", "paid_date")


def _positive(amount: Any, error: type, *, zero: bool = False) -> None:
    if amount is None or Decimal(amount) < 0 or (not zero and Decimal(amount) == 0):
        raise error(_("The amount must be above zero."), field="amount")


def _guard(actor: Any, contract: Contract) -> None:
    """Rows of a closed contract still change (acts are signed and bills
    paid after the work ends): the access rule and archive guard only."""
    ensure_may_manage(actor, contract.client_id)
    if contract.client_id:
        ensure_editable(contract.client)


# Planned invoices ------------------------------------------------------------


@transaction.atomic
def planned_invoice_create(
    *,
    actor: Any,
    contract: Contract,
    what_for: str,
    amount: Decimal,
    planned_date: datetime.date,
    is_deposit: bool = False,
) -> PlannedInvoice:
    """Add a line to a client contract's plan (``is_deposit``: the deposit,
    carried to the invoice made from it; one per contract)."""
    require_actor(actor, "finance.add_plannedinvoice")
    if not contract.client_id:
        raise InvoiceContractError
    contract = lock_contract(actor, contract)
    _positive(amount, PlanError)
    if is_deposit:
        ensure_one_deposit(contract)
        waiting = PlannedInvoice.objects.filter(
            contract=contract, is_deposit=True, invoice__isnull=True
        )
        if waiting.exists():
            raise DepositTakenError
    planned = PlannedInvoice.objects.create(
        contract=contract,
        what_for=what_for.strip(),
        amount=amount,
        planned_date=planned_date,
        is_deposit=bool(is_deposit),
    )
    record(actor, contract, "plan.added", planned, amount=str(amount))
    return planned


def _lock_planned(actor: Any, planned: PlannedInvoice) -> PlannedInvoice:
    _guard(actor, planned.contract)
    locked = (
        PlannedInvoice.objects.select_for_update(of=("self",))
        .select_related("contract", "invoice")
        .get(pk=planned.pk)
    )
    if locked.invoice_id:
        raise PlanError(_("This line already has its invoice; change the invoice."))
    return locked


@transaction.atomic
def planned_invoice_update(
    *, actor: Any, planned: PlannedInvoice, **changes: Any
) -> PlannedInvoice:
    """Change a planned line that has no invoice yet."""
    require_actor(actor, "finance.change_plannedinvoice")
    planned = _lock_planned(actor, planned)
    for name, value in changes.items():
        if name in PLAN_FIELDS:
            setattr(planned, name, value)
    _positive(planned.amount, PlanError)
    planned.save()
    return planned


@transaction.atomic
def planned_invoice_delete(*, actor: Any, planned: PlannedInvoice) -> None:
    """Remove a planned line that has no invoice yet."""
    require_actor(actor, "finance.delete_plannedinvoice")
    _lock_planned(actor, planned).delete()


@transaction.atomic
def planned_invoice_make_invoice(
    *,
    actor: Any,
    planned: PlannedInvoice,
    issue: bool = False,
    issue_date: datetime.date | None = None,
) -> Invoice:
    """Make the line's invoice (one line: what for, its amount, before tax)
    and link it; issued at once when asked."""
    require_actor(actor, "finance.add_invoice")
    planned = _lock_planned(actor, planned)
    invoice = invoice_create(
        actor=actor,
        contract=planned.contract,
        lines=[
            {
                "description": planned.what_for,
                "quantity": 1,
                "unit_price": planned.amount,
            }
        ],
        is_deposit=planned.is_deposit,
    )
    planned.invoice = invoice
    planned.save(update_fields=["invoice", "updated_at"])
    if issue:
        invoice = invoice_issue(actor=actor, invoice=invoice, issue_date=issue_date)
    return invoice


# Acts -------------------------------------------------------------------------


def _check_act(act: Act) -> None:
    _positive(act.amount, ActError, zero=True)
    if act.period_end < act.period_start:
        raise ActError(_("The period cannot end before it starts."), field="period_end")
    if not (act.delivered or "").strip():
        raise ActError(_("Say what was delivered."), field="delivered")
    if act.status not in Act.Status.values:
        raise ActError(_("Choose a status."), field="status")
    contract = act.contract
    # Disputed acts are not closed works: they do not count against the contract.
    others = Act.objects.filter(contract=contract).exclude(
        status=Act.Status.DISPUTED
    ).exclude(pk=act.pk).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    counted = act.amount if act.status != Act.Status.DISPUTED else Decimal("0")
    if contract.amount and others + Decimal(counted) > contract.amount:
        raise ActError(
            _("The acts would add up to more than the contract's amount."),
            field="amount",
        )


@transaction.atomic
def act_create(*, actor: Any, contract: Contract, **fields: Any) -> Act:
    """Close the works of a period with an act."""
    require_actor(actor, "finance.add_act")
    contract = lock_contract(actor, contract)
    act = Act(contract=contract, **{k: v for k, v in fields.items() if k in ACT_FIELDS})
    _check_act(act)
    act.save()
    record(actor, contract, "act.created", act, amount=str(act.amount))
    return act


@transaction.atomic
def act_update(*, actor: Any, act: Act, **changes: Any) -> Act:
    """Change an act; once signed only its status moves (to disputed)."""
    require_actor(actor, "finance.change_act")
    _guard(actor, act.contract)
    # The contract's row lock serialises the "not more than the contract" sum.
    Contract.objects.select_for_update().get(pk=act.contract_id)
    act = Act.objects.select_related("contract").get(pk=act.pk)
    was = act.status
    for name, value in changes.items():
        if name in ACT_FIELDS and getattr(act, name) != value:
            if was == Act.Status.SIGNED and name != "status":
                raise ActError(
                    _("A signed act's terms do not change; only its status may.")
                )
            setattr(act, name, value)
    _check_act(act)
    act.save()
    if act.status != was:
        record(
            actor,
            act.contract,
            "act.status_changed",
            act,
            status=Act.Status(act.status).label,
        )
    return act


# Contractor bills -----------------------------------------------------------


def _check_bill(bill: ContractorBill) -> None:
    _positive(bill.amount, BillError)
    if bill.status == ContractorBill.Status.PAID:
        bill.paid_date = bill.paid_date or timezone.localdate()
    elif bill.status == ContractorBill.Status.TO_PAY:
        bill.paid_date = None
    else:
        raise BillError(_("Choose a status."), field="status")
    if bill.due_date < bill.date:
        raise BillError(_("A bill is not due before its date."), field="due_date")
    taken = ContractorBill.objects.filter(
        contract_id=bill.contract_id, number__iexact=bill.number.strip()
    ).exclude(pk=bill.pk)
    if taken.exists():
        raise BillError(
            _("This contract already has a bill with this number."), field="number"
        )


def _save_bill(bill: ContractorBill) -> None:
    try:
        with transaction.atomic():
            bill.save()
    except IntegrityError as error:
        raise BillError(
            _("This contract already has a bill with this number."), field="number"
        ) from error


@transaction.atomic
def bill_create(*, actor: Any, contract: Contract, **fields: Any) -> ContractorBill:
    """Record a contractor's bill to pay (contractor contracts only)."""
    require_actor(actor, "finance.add_contractorbill")
    if not contract.contractor_id:
        raise BillError(
            _("Bills to pay belong to contractor contracts; invoice a client instead.")
        )
    contract = lock_contract(actor, contract)
    bill = ContractorBill(
        contract=contract, **{k: v for k, v in fields.items() if k in BILL_FIELDS}
    )
    bill.number = (bill.number or "").strip()
    _check_bill(bill)
    _save_bill(bill)
    return bill


@transaction.atomic
def bill_update(*, actor: Any, bill: ContractorBill, **changes: Any) -> ContractorBill:
    """Change a bill or mark it paid (paid today unless a date is given)."""
    require_actor(actor, "finance.change_contractorbill")
    _guard(actor, bill.contract)
    bill = ContractorBill.objects.select_for_update().get(pk=bill.pk)
    for name, value in changes.items():
        if name in BILL_FIELDS:
            setattr(bill, name, value.strip() if name == "number" else value)
    _check_bill(bill)
    _save_bill(bill)
    return bill
