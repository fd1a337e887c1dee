"""The deposit gate: the onboarding checklist's "deposit" item follows the
payment of the client's deposit invoice (``Invoice.is_deposit``). Finance
only tells (``finance.signals``, sent inside the payment's transaction); the
receivers in ``onboarding.receivers`` call these, so the item's change
commits or rolls back with the payment. The system ticks the item off (no
person), through the same ``item_complete`` / ``item_reopen`` as a click, so
gates, the run's completion and the timeline behave as they always do."""

from __future__ import annotations

from agencydesk.finance.models import Contract, Invoice

from ..models import Kind, RunItem
from ..selectors.deposit import DEPOSIT_KEY
from .runs import item_complete_by_invoice, item_reopen


def _open_deposit_item(client_id: int) -> RunItem | None:
    return (
        RunItem.objects.filter(
            run__client_id=client_id,
            run__kind=Kind.ONBOARDING,
            run__completed_at__isnull=True,
            key=DEPOSIT_KEY,
            done_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )


def deposit_paid(*, invoice: Invoice) -> RunItem | None:
    """The deposit invoice was paid in full: tick off the deposit item of
    its client's open onboarding, if it is still open."""
    if not invoice.is_deposit:
        return None
    client_id = Contract.objects.filter(pk=invoice.contract_id).values_list(
        "client_id", flat=True
    )[0]
    if client_id is None:
        return None
    item = _open_deposit_item(client_id)
    return (
        item_complete_by_invoice(item=item, invoice=invoice)
        if item is not None
        else None
    )


def deposit_reversed(*, invoice: Invoice, reopened: bool) -> list[RunItem]:
    """A payment of the deposit invoice was reversed and it is due again:
    reopen the deposit item that this invoice's payment ticked off (in an
    open run or a finished one, which opens again, as a click would). An
    item a person closed by hand is left alone."""
    if not invoice.is_deposit or not reopened:
        return []
    items = RunItem.objects.filter(
        key=DEPOSIT_KEY,
        run__kind=Kind.ONBOARDING,
        done_by_invoice=invoice,
        done_at__isnull=False,
    ).order_by("pk")
    return [item_reopen(actor=None, item=item, by_invoice=invoice) for item in items]
