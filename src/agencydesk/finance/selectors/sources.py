"""What a client contract may still bill: its client's retainer months,
approved time, reached milestones of its projects and approved change
requests, each not yet on an invoice (``InvoiceSource``). The services make
drafts from these; the contract's page reads them to offer its buttons."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from agencydesk.timesheets.models import Budget, TimeEntry
from agencydesk.timesheets.selectors import (
    approved_billable_entries,
    client_retainers,
)
from agencydesk.work.models import ChangeRequest, Milestone
from agencydesk.work.selectors import (
    approved_priced_change_requests,
    billable_milestones,
)

from ..models import Contract, InvoiceSource


def _project_ids(contract: Contract) -> list[int]:
    # Read once per call; a contract links a handful of projects.
    return [p.pk for p in contract.projects.all()]


def unbilled_retainers(contract: Contract) -> QuerySet[Budget]:
    """The client's priced retainer months not invoiced on any contract,
    newest first (any currency: the service names a mismatch)."""
    return (
        client_retainers(client_id=contract.client_id)
        .filter(amount__gt=0)
        .exclude(Exists(InvoiceSource.objects.filter(budget=OuterRef("pk"))))
    )


def unbilled_time(
    contract: Contract,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
) -> QuerySet[TimeEntry]:
    """Approved billable time of the contract's client not yet invoiced; with
    linked projects, only the time of their tasks (or logged under their
    names)."""
    entries = approved_billable_entries(
        client_id=contract.client_id, first=first, last=last
    ).exclude(Exists(InvoiceSource.objects.filter(time_entry=OuterRef("pk"))))
    projects = list(contract.projects.all())
    if projects:
        entries = entries.filter(
            Q(task__project__in=projects)
            | Q(task__isnull=True, project__in=[p.name for p in projects])
        )
    return entries


def unbilled_milestones(contract: Contract) -> QuerySet[Milestone]:
    """Reached, priced milestones of the contract's linked projects not yet
    invoiced (none without linked projects)."""
    return billable_milestones(project_ids=_project_ids(contract)).exclude(
        Exists(InvoiceSource.objects.filter(milestone=OuterRef("pk")))
    )


def unbilled_changes(contract: Contract) -> QuerySet[ChangeRequest]:
    """Approved, priced change requests of the contract's client not yet
    invoiced; with linked projects, those of its projects or of none."""
    rows = approved_priced_change_requests(client_id=contract.client_id).exclude(
        Exists(InvoiceSource.objects.filter(change_request=OuterRef("pk")))
    )
    ids = _project_ids(contract)
    if ids:
        rows = rows.filter(Q(project__isnull=True) | Q(project_id__in=ids))
    return rows


@dataclass
class Billable:
    """What the contract's page offers to invoice (four queries, whatever
    the amount of time or the number of months)."""

    retainers: list[Budget] = field(default_factory=list)
    has_time: bool = False
    milestones: list[Milestone] = field(default_factory=list)
    changes: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.retainers or self.has_time or self.milestones or self.changes)


def billable_for(contract: Contract) -> Billable:
    """The sources a client contract may still invoice, in its currency (a
    page offers only what the services would accept)."""
    if not contract.client_id or contract.is_closed:
        return Billable()
    return Billable(
        retainers=list(unbilled_retainers(contract).filter(currency=contract.currency)),
        has_time=unbilled_time(contract).exists(),
        milestones=list(
            unbilled_milestones(contract).filter(currency=contract.currency)
        ),
        changes=unbilled_changes(contract)
        .filter(cost_currency=contract.currency)
        .count(),
    )
