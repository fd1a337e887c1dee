"""Payments against issued invoices: recorded in the invoice's currency,
never more than is due, and reversed (recorded, never deleted), which
re-opens a paid invoice. The signals of ``finance.signals`` tell the apps
above (the deposit gate) without finance knowing them."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core.access import require_actor
from agencydesk.core.money import format_money

from ..errors import (
    OverpaymentError,
    PaymentCurrencyError,
    PaymentRefusedError,
    PaymentReversedError,
)
from ..models import Invoice, Payment
from ..signals import invoice_paid, invoice_payment_reversed
from ._shared import record
from .invoices import lock_invoice


def _actor_user(actor: Any) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def payment_record(
    *,
    actor: Any,
    invoice: Invoice,
    amount: Any,
    currency: str,
    date: datetime.date | None = None,
    method: str = Payment.Method.BANK_TRANSFER,
    reference: str = "",
) -> Payment:
    """Record money received against an issued invoice; the invoice is paid
    when its payments reach its total."""
    require_actor(actor, "finance.add_payment")
    invoice = lock_invoice(actor, invoice)
    if not invoice.may_take_payment:
        raise PaymentRefusedError(
            _("Only an issued invoice with something still due takes payments.")
        )
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError, TypeError):
        raise PaymentRefusedError(_("Enter a number."), field="amount") from None
    if not amount.is_finite() or amount <= 0 or amount != round(amount, 2):
        raise PaymentRefusedError(
            _("A payment is above zero, in cents at most."), field="amount"
        )
    if currency != invoice.currency:
        raise PaymentCurrencyError(invoice.currency)
    if amount > invoice.amount_due:
        raise OverpaymentError(format_money(invoice.amount_due, invoice.currency))
    if method not in Payment.Method.values:
        raise PaymentRefusedError(_("Choose how it was paid."), field="method")
    payment = Payment.objects.create(
        invoice=invoice,
        date=date or timezone.localdate(),
        amount=amount,
        currency=currency,
        method=method,
        reference=(reference or "")[:200],
        recorded_by=_actor_user(actor),
    )
    invoice.amount_paid += amount
    paid = invoice.amount_paid == invoice.total
    if paid:
        invoice.status = Invoice.Status.PAID
        invoice.paid_date = payment.date
    invoice.save(update_fields=["amount_paid", "status", "paid_date", "updated_at"])
    record(
        actor,
        invoice.contract,
        "payment.recorded",
        invoice,
        amount=str(amount),
        currency=currency,
    )
    if paid:
        record(actor, invoice.contract, "invoice.paid", invoice)
        invoice_paid.send(Invoice, invoice=invoice, payment=payment, actor=actor)
    return payment


@transaction.atomic
def payment_reverse(*, actor: Any, payment: Payment, reason: str = "") -> Payment:
    """Reverse a payment (a bounced transfer, a charge-back): it stays on
    record as reversed, and its invoice is due again."""
    require_actor(actor, "finance.change_payment")
    invoice = lock_invoice(actor, payment.invoice)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.is_reversed:
        raise PaymentReversedError
    payment.reversed_at = timezone.now()
    payment.reversed_by = _actor_user(actor)
    payment.reversal_reason = (reason or "")[:300]
    payment.save(update_fields=["reversed_at", "reversed_by", "reversal_reason"])
    reopened = invoice.status == Invoice.Status.PAID
    invoice.amount_paid -= payment.amount
    if reopened:
        invoice.status = Invoice.Status.ISSUED
        invoice.paid_date = None
    invoice.save(update_fields=["amount_paid", "status", "paid_date", "updated_at"])
    record(
        actor,
        invoice.contract,
        "payment.reversed",
        invoice,
        amount=str(payment.amount),
        currency=payment.currency,
        reason=reason,
    )
    invoice_payment_reversed.send(
        Invoice, invoice=invoice, payment=payment, actor=actor, reopened=reopened
    )
    return payment
