"""Reads of the document status table and of what the other side owes us,
per account manager."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from agencydesk.clients.models import TeamMember
from agencydesk.core.access import Viewer

from ..models import Document

# The "expected" page lists at most this many rows (the oldest promises first).
EXPECTED_LIMIT = 300


def document_list(
    *,
    viewer: Viewer,
    client_id: int | None = None,
    contractor_id: int | None = None,
    party_kind: str = "",
    kind: str = "",
    overdue: bool = False,
    manager_id: int | None = None,
    contract_id: int | None = None,
    today: datetime.date | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Document]:
    """The documents the viewer may see with their contract and party."""
    rows = Document.objects.visible_to(viewer).select_related(
        "contract__client", "contract__contractor", "original_holder"
    )
    if contract_id:
        rows = rows.filter(contract_id=contract_id)
    if client_id is not None:  # 0: a client the person cannot see: nothing
        rows = rows.filter(contract__client_id=client_id)
    if contractor_id:
        rows = rows.filter(contract__contractor_id=contractor_id)
    if party_kind == "client":
        rows = rows.filter(contract__client__isnull=False)
    elif party_kind == "contractor":
        rows = rows.filter(contract__contractor__isnull=False)
    if kind in Document.Kind.values:
        rows = rows.filter(kind=kind)
    if updated_since:
        rows = rows.filter(updated_at__gte=updated_since)
    if overdue:
        rows = rows.filter(
            status__in=Document.OPEN,
            expected_by__lt=today or timezone.localdate(),
        ).exclude(expected_from_them="")
    if manager_id:
        rows = rows.filter(
            contract__client_id__in=TeamMember.objects.filter(
                user_id=manager_id, role=TeamMember.Role.ACCOUNT_MANAGER
            ).values("client_id")
        )
    return rows


@dataclass
class ManagerGroup:
    """One account manager (None: contractors and clients without one) and
    what the other side owes on their clients."""

    manager: Any
    documents: list[Document] = field(default_factory=list)


def expected_by_manager(
    *, viewer: Viewer, manager_id: int | None = None, limit: int = EXPECTED_LIMIT
) -> tuple[list[ManagerGroup], bool]:
    """Open documents awaiting something from the other side, grouped by the
    clients' account managers (a document of a client with two appears under
    both), soonest due first; and whether the list was cut at the limit.
    Two queries whatever the size."""
    rows = list(
        document_list(viewer=viewer, manager_id=manager_id)
        .filter(status__in=Document.OPEN)
        .exclude(expected_from_them="")
        .order_by(F("expected_by").asc(nulls_last=True), "pk")[: limit + 1]
    )
    cut = len(rows) > limit
    rows = rows[:limit]
    client_ids = {d.contract.client_id for d in rows if d.contract.client_id}
    managers: dict[int, list] = {}
    members = TeamMember.objects.filter(
        client_id__in=client_ids, role=TeamMember.Role.ACCOUNT_MANAGER
    ).select_related("user")
    if manager_id:
        members = members.filter(user_id=manager_id)
    for member in members.order_by("user__full_name", "user_id"):
        managers.setdefault(member.client_id, []).append(member.user)
    groups: dict[Any, ManagerGroup] = {}
    for document in rows:
        for user in managers.get(document.contract.client_id) or [None]:
            key = user.pk if user else None
            if key not in groups:
                groups[key] = ManagerGroup(manager=user)
            groups[key].documents.append(document)
    ordered = sorted(
        groups.values(),
        key=lambda g: (g.manager is None, g.manager.full_name if g.manager else ""),
    )
    return ordered, cut
