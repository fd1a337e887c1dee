"""Reads of the deposit gate (see ``services.deposit``)."""

from __future__ import annotations

from agencydesk.finance.models import Contract, Invoice

DEPOSIT_KEY = "deposit"
CLOSED = (Contract.Status.ENDED, Contract.Status.CANCELLED)


def paid_deposit(client_id: int) -> Invoice | None:
    """The client's deposit invoice already paid in full, on a contract that
    is not ended or cancelled (the first paid)."""
    return (
        Invoice.objects.filter(
            contract__client_id=client_id,
            is_deposit=True,
            status=Invoice.Status.PAID,
        )
        .exclude(contract__status__in=CLOSED)
        .order_by("paid_date", "pk")
        .first()
    )
