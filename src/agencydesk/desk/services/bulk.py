"""Bulk changes from the queue: the same assign and move as one ticket, per ticket."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from agencydesk.core.errors import DomainError

from ..models import Ticket
from .moves import ticket_move
from .tickets import ticket_assign


@dataclass
class BulkResult:
    done: int = 0
    # "AD-1042: the reason" for each ticket a rule refused; the rest went through.
    refused: list[str] = field(default_factory=list)


def tickets_bulk_change(
    *,
    actor,
    tickets: Iterable[Ticket],
    action: str,
    analyst=None,
    stage: str | None = None,
    status: str | None = None,
) -> BulkResult:
    """Assign or move each ticket through its own service, each in its own
    transaction: one refused ticket does not undo the others."""
    result = BulkResult()
    for ticket in tickets:
        try:
            if action == "assign":
                ticket_assign(actor=actor, ticket=ticket, analyst=analyst)
            else:
                ticket_move(actor=actor, ticket=ticket, stage=stage, status=status)
        except DomainError as error:
            result.refused.append(f"{ticket.reference}: {error.message}")
        else:
            result.done += 1
    return result
