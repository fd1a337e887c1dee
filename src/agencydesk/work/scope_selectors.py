"""Reads of statements of work, the scope meter and change requests, each a
fixed number of queries."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from agencydesk.core.access import Viewer

from .hooks import meter_used, register_meter_source
from .models import (
    ApprovalRound,
    ChangeRequest,
    ChangeRequestLine,
    ScopePeriod,
    ScopeUnit,
    Sow,
    SowLine,
    Task,
    TaskStatus,
)

THRESHOLDS = (80, 100)


def sows_for_list(
    *,
    viewer: Viewer,
    client=None,
    status: str = "",
    updated_since: datetime | None = None,
) -> QuerySet[Sow]:
    """SOWs newest first; a contact never sees a draft (as the portal).
    ``updated_since``: changed at or after (the API's sync)."""
    sows = Sow.objects.visible_to(viewer)
    if updated_since is not None:
        sows = sows.filter(updated_at__gte=updated_since)
    if not viewer.is_staff:
        sows = sows.exclude(status=Sow.Status.DRAFT)
    if client is not None:
        sows = sows.filter(client=client)
    if status:
        sows = sows.filter(status=status)
    return sows.select_related(
        "client", "project", "sent_to__user", "confirmed_by__user"
    ).order_by("-created_at", "-pk")


def sow_for_page() -> QuerySet[Sow]:
    """A SOW with its lines (fetch through access_object)."""
    return Sow.objects.select_related(
        "client", "project", "sent_to__user", "confirmed_by__user"
    ).prefetch_related(
        Prefetch("lines", queryset=SowLine.objects.select_related("area")),
    )


def sow_for_portal(*, viewer: Viewer) -> QuerySet[Sow]:
    """What a contact may open: the SOWs sent to their client, never drafts."""
    return sow_for_page().visible_to(viewer).exclude(status=Sow.Status.DRAFT)


def current_sow(*, client_id: int, project_id: int | None = None) -> Sow | None:
    """The client's confirmed SOW (of the project, when given), newest first."""
    sows = Sow.objects.filter(client_id=client_id, status=Sow.Status.CONFIRMED)
    if project_id is not None:
        sows = sows.filter(Q(project_id=project_id) | Q(project__isnull=True))
    return sows.order_by("-confirmed_at", "-pk").first()


def change_requests_for_list(
    *,
    viewer: Viewer,
    client=None,
    status: str = "",
    updated_since: datetime | None = None,
) -> QuerySet[ChangeRequest]:
    """Change requests newest first; a contact never sees a draft.
    ``updated_since``: changed at or after (the API's sync)."""
    requests = ChangeRequest.objects.visible_to(viewer)
    if updated_since is not None:
        requests = requests.filter(updated_at__gte=updated_since)
    if not viewer.is_staff:
        requests = requests.exclude(status=ChangeRequest.Status.DRAFT)
    if client is not None:
        requests = requests.filter(client=client)
    if status:
        requests = requests.filter(status=status)
    return requests.select_related("client", "ticket", "decided_by__user").order_by(
        "-created_at", "-pk"
    )


def change_request_for_page() -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.select_related(
        "client", "sow", "project", "ticket", "decided_by__user", "created_by"
    ).prefetch_related(
        "milestones",
        Prefetch(
            "lines",
            queryset=ChangeRequestLine.objects.select_related("area", "sow_line"),
        ),
    )


def change_request_for_portal(*, viewer: Viewer) -> QuerySet[ChangeRequest]:
    return (
        change_request_for_page()
        .visible_to(viewer)
        .exclude(status=ChangeRequest.Status.DRAFT)
    )


def ticket_change_requests(*, viewer: Viewer, ticket: Any) -> list[ChangeRequest]:
    """The change requests opened from a ticket (one query)."""
    return list(
        ChangeRequest.objects.visible_to(viewer).filter(ticket=ticket).order_by("pk")
    )


# --- The scope meter ---


def period_of(period: str, on: date, sow: Sow) -> tuple[date, date]:
    """The first and last day of the line's period that holds ``on``."""
    if period == ScopePeriod.MONTH:
        first = on.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
    if period == ScopePeriod.WEEK:
        first = on - timedelta(days=on.weekday())
        return first, first + timedelta(days=6)
    project = sow.project
    if project is not None:
        return project.start, max(project.end or on, project.start)
    start = (sow.confirmed_at or sow.created_at).date()
    return min(start, on), on


@dataclass(frozen=True)
class MeterRow:
    line: SowLine
    first: date
    last: date
    used: Decimal
    contracted: Decimal

    @property
    def percent(self) -> int:
        if not self.contracted:
            return 0
        return int(self.used * 100 / self.contracted)

    @property
    def level(self) -> str:
        if self.percent >= 100:
            return "over"
        return "warn" if self.percent >= 80 else "ok"

    @property
    def bar_percent(self) -> int:
        return min(self.percent, 100)


def scope_meter(*, sow: Sow, on: date) -> list[MeterRow]:
    """Delivered vs contracted for each line of ``sow`` in the period holding
    ``on``: one query per unit that has lines (the lines are prefetched)."""
    lines = list(sow.lines.all())
    spans = {line.pk: (*period_of(line.period, on, sow), line) for line in lines}
    by_unit: dict[str, list] = defaultdict(list)
    for line in lines:
        first, last, _line = spans[line.pk]
        by_unit[line.unit].append((line.pk, first, last, line.area_id))
    used: dict[int, Decimal] = {}
    for unit, unit_spans in by_unit.items():
        used.update(
            meter_used(
                unit,
                client_id=sow.client_id,
                spans=unit_spans,
                tz=sow.client.timezone,
            )
        )
    return [
        MeterRow(
            line=line,
            first=spans[line.pk][0],
            last=spans[line.pk][1],
            used=Decimal(used.get(line.pk, 0)),
            contracted=line.quantity,
        )
        for line in lines
    ]


def _bounds(first: date, last: date, tz: str) -> tuple[datetime, datetime]:
    zone = zoneinfo.ZoneInfo(tz or "UTC")
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def deliverables_done(*, client_id: int, spans: list, tz: str = "UTC") -> dict:
    """Tasks of the client's projects moved to Done in each span (optionally
    of one area), in one query."""
    counts = {}
    for n, (_key, first, last, area_id) in enumerate(spans):
        start, end = _bounds(first, last, tz)
        where = Q(done_at__gte=start, done_at__lt=end)
        if area_id is not None:
            where &= Q(area_id=area_id)
        counts[f"s{n}"] = Count("pk", filter=where)
    row = Task.objects.filter(
        project__client_id=client_id, status=TaskStatus.DONE, done_at__isnull=False
    ).aggregate(**counts)
    return {key: Decimal(row[f"s{n}"] or 0) for n, (key, *_r) in enumerate(spans)}


def revision_rounds_used(*, client_id: int, spans: list, tz: str = "UTC") -> dict:
    """Revision rounds per deliverable: for each span, the most revision rounds
    (round 2 on, withdrawn ones not counted) any one deliverable has used, among
    the deliverables revised in that span (optionally of one area) — the line
    says "N rounds per deliverable", so the worst one is what nears the limit.
    One query."""
    rows = list(
        ApprovalRound.objects.filter(
            deliverable__task__project__client_id=client_id, number__gt=1
        )
        .exclude(status=ApprovalRound.Status.WITHDRAWN)
        .values_list("deliverable_id", "sent_at", "deliverable__task__area_id")
    )
    per_deliverable: dict[int, int] = defaultdict(int)
    for deliverable_id, _sent, _area in rows:
        per_deliverable[deliverable_id] += 1
    used = {}
    for key, first, last, area_id in spans:
        start, end = _bounds(first, last, tz)
        revised = {
            deliverable_id
            for deliverable_id, sent, area in rows
            if start <= sent < end and (area_id is None or area == area_id)
        }
        used[key] = Decimal(max((per_deliverable[d] for d in revised), default=0))
    return used


register_meter_source(ScopeUnit.DELIVERABLES, deliverables_done)
register_meter_source(ScopeUnit.REVISIONS, revision_rounds_used)


def today_for(client: Any) -> date:
    return timezone.localtime(timezone=zoneinfo.ZoneInfo(client.timezone)).date()
