"""Reads of checklist runs: a run's page, its progress, the overview across
clients, the runs with overdue items (an item's owner is picked through the
``staff`` picker)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from agencydesk.clients.models import Client
from agencydesk.core.access import Viewer

from ..models import Run, RunItem


@dataclass(frozen=True)
class Progress:
    """How far a run is: counts for the health cards."""

    total: int
    done: int
    overdue: int
    blocked: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def runs_for_page() -> QuerySet[Run]:
    """Runs shaped for the run page: items with owners and dependencies."""
    items = RunItem.objects.select_related(
        "owner", "access_entry", "done_by_invoice"
    ).prefetch_related(
        Prefetch("depends_on", queryset=RunItem.objects.only("pk", "title", "done_at"))
    )
    return Run.objects.select_related("client", "template").prefetch_related(
        Prefetch("items", queryset=items)
    )


def progress_of(items: list[RunItem], today: datetime.date | None = None) -> Progress:
    """Counts of a run's prefetched items."""
    today = today or timezone.localdate()
    return Progress(
        total=len(items),
        done=sum(1 for i in items if i.done_at is not None),
        overdue=sum(1 for i in items if i.is_overdue(today)),
        blocked=sum(1 for i in items if i.done_at is None and i.blockers()),
    )


def latest_runs_for_client(*, viewer: Viewer, client: Client) -> list[Run]:
    """The client's latest run of each kind (3 queries), newest first."""
    runs = list(
        runs_for_page()
        .visible_to(viewer)
        .filter(client=client)
        .order_by("-started_at", "-pk")[:2]
    )
    seen, latest = set(), []
    for run in runs:
        if run.kind not in seen:
            seen.add(run.kind)
            latest.append(run)
    return latest


def run_list_for_overview(
    *,
    viewer: Viewer,
    kind: str = "",
    show_done: bool = False,
    client: Client | None = None,
) -> QuerySet[Run]:
    """Runs across clients (or of one) with progress, overdue and blocked
    counts."""
    today = timezone.localdate()
    runs = Run.objects.visible_to(viewer).select_related("client", "template")
    if client is not None:
        runs = runs.filter(client=client)
    if kind:
        runs = runs.filter(kind=kind)
    if not show_done:
        runs = runs.filter(completed_at__isnull=True)
    open_item = Q(items__done_at__isnull=True)
    return runs.annotate(
        total=Count("items", distinct=True),
        done=Count("items", filter=Q(items__done_at__isnull=False), distinct=True),
        overdue=Count(
            "items", filter=open_item & Q(items__due_date__lt=today), distinct=True
        ),
        blocked=Count(
            "items",
            filter=open_item
            & Q(items__depends_on__isnull=False)
            & Q(items__depends_on__done_at__isnull=True),
            distinct=True,
        ),
    ).order_by("client__name", "pk")


def runs_with_overdue_items(
    *, viewer: Viewer, client_ids: list[int] | None = None
) -> list[tuple[Run, int]]:
    """Open runs with checklist items past their due date, and how many, the
    most overdue first (one query)."""
    today = timezone.localdate()
    runs = Run.objects.visible_to(viewer).filter(completed_at__isnull=True)
    if client_ids is not None:
        runs = runs.filter(client_id__in=client_ids)
    runs = (
        runs.annotate(
            overdue=Count(
                "items",
                filter=Q(items__done_at__isnull=True, items__due_date__lt=today),
            )
        )
        .filter(overdue__gt=0)
        .select_related("client")
        .order_by("-overdue", "client__name", "pk")
    )
    return [(run, run.overdue) for run in runs[:50]]
