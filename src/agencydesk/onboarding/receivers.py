"""Onboarding listens to finance (the layer below, which never imports this
one): the deposit invoice's payments move the checklist's deposit item."""

from typing import Any

from django.dispatch import receiver

from agencydesk.finance.signals import invoice_paid, invoice_payment_reversed

from .services.deposit import deposit_paid, deposit_reversed


@receiver(invoice_paid, dispatch_uid="onboarding.deposit_paid")
def on_invoice_paid(sender: Any, *, invoice: Any, **kwargs: Any) -> None:
    deposit_paid(invoice=invoice)


@receiver(invoice_payment_reversed, dispatch_uid="onboarding.deposit_reversed")
def on_payment_reversed(
    sender: Any, *, invoice: Any, reopened: bool = False, **kwargs: Any
) -> None:
    deposit_reversed(invoice=invoice, reopened=reopened)
