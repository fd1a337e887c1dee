"""Reads of contracts and contractors, each page in a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from agencydesk.core.access import Viewer

from ..models import Contract, ContractFile, Contractor


def contract_list(
    *,
    viewer: Viewer,
    client_id: int | None = None,
    contractor_id: int | None = None,
    party_kind: str = "",
    status: str = "",
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Contract]:
    """The contracts the viewer may see, newest first, with their party."""
    rows = Contract.objects.visible_to(viewer).select_related("client", "contractor")
    if client_id is not None:  # 0: a client the person cannot see: nothing
        rows = rows.filter(client_id=client_id)
    if contractor_id:
        rows = rows.filter(contractor_id=contractor_id)
    if party_kind == "client":
        rows = rows.filter(client__isnull=False)
    elif party_kind == "contractor":
        rows = rows.filter(contractor__isnull=False)
    if status in Contract.Status.values:
        rows = rows.filter(status=status)
    if updated_since:
        rows = rows.filter(updated_at__gte=updated_since)
    return rows.annotate(document_count=Count("documents"))


def totals_by_currency(contracts: QuerySet[Contract]) -> list[tuple[str, Decimal]]:
    """The sum of the contracts' amounts per currency (never added across
    currencies), in one query."""
    rows = (
        contracts.order_by()
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return [(row["currency"], row["total"]) for row in rows]


def contract_for_page(*, viewer: Viewer) -> QuerySet[Contract]:
    """What a contract's page reads with it: party, files, projects, documents."""
    return (
        Contract.objects.visible_to(viewer)
        .select_related("client", "contractor", "created_by")
        .prefetch_related("projects", "files__uploaded_by")
    )


def contract_files_of(*, viewer: Viewer, contract_id: int) -> QuerySet[ContractFile]:
    return ContractFile.objects.visible_to(viewer).filter(contract_id=contract_id)


def contractor_list(*, viewer: Viewer) -> QuerySet[Contractor]:
    return Contractor.objects.visible_to(viewer).annotate(
        contract_count=Count("contracts")
    )
