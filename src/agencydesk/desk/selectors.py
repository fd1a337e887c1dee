"""Reads of the service desk, each shaped for its page."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from agencydesk.clients.models import Client
from agencydesk.comms.models import OutboundMessage
from agencydesk.core.access import Viewer
from agencydesk.core.models import Event
from agencydesk.core.pagination import count_display, counts_upto
from agencydesk.core.timeline import timeline_entries

from .models import (
    Attachment,
    Message,
    Rating,
    RequestType,
    SlaState,
    Stage,
    Status,
    Ticket,
    TicketStep,
    Transition,
)

SORTS = {
    "updated": ("-updated_at", "-pk"),
    "created": ("-created_at", "-pk"),
    "due": ("resolution_due", "pk"),
    "number": ("-number",),
}
SAVED_VIEWS = ("mine", "waiting", "breaching", "unassigned")


@dataclass(frozen=True)
class QueueFilters:
    """What the desk queue is narrowed to (every field optional)."""

    view: str = ""
    client: int | None = None
    # A client by its slug (the API names clients so): one the person cannot
    # see lists nothing, as their tickets are not visible to them.
    client_slug: str = ""
    stage: str = ""
    status: str = ""
    assignee: int | None = None
    priority: str = ""
    channel: str = ""
    sla: str = ""
    tag: str = ""
    q: str = ""
    sort: str = "updated"
    # Changed at or after (the API's sync); the queue pages leave it unset.
    updated_since: datetime | None = None


def _search(tickets: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    text = text.strip()
    number = text.upper().removeprefix("AD-").strip()
    # Matching clients are looked up first: a join in the OR would scan every
    # ticket. On PostgreSQL the title match uses a trigram index.
    client_ids = list(
        Client.objects.filter(name__icontains=text).values_list("pk", flat=True)[:100]
    )
    condition = Q(title__icontains=text) | Q(client_id__in=client_ids)
    if number.isdigit():
        condition |= Q(number=int(number))
    return tickets.filter(condition)


def ticket_list_for_desk(*, viewer: Viewer, filters: QueueFilters) -> QuerySet[Ticket]:
    """The desk queue: active tickets unless a status is chosen, filtered and sorted."""
    tickets = Ticket.objects.visible_to(viewer).select_related(
        "client", "analyst", "production_owner", "requester__user", "request_type"
    )
    if filters.view == "mine":
        me = viewer.user.pk
        tickets = tickets.filter(Q(analyst_id=me) | Q(production_owner_id=me))
    elif filters.view == "waiting":
        tickets = tickets.filter(status=Status.WAITING)
    elif filters.view == "breaching":
        tickets = tickets.filter(sla_state__in=[SlaState.AT_RISK, SlaState.BREACHED])
    elif filters.view == "unassigned":
        tickets = tickets.filter(analyst__isnull=True)
    if filters.status == "all":
        pass
    elif filters.status:
        tickets = tickets.filter(status=filters.status)
    else:
        tickets = tickets.open()
    for name in ("stage", "priority", "channel"):
        if value := getattr(filters, name):
            tickets = tickets.filter(**{name: value})
    if filters.client:
        tickets = tickets.filter(client_id=filters.client)
    if filters.client_slug:
        tickets = tickets.filter(client__slug=filters.client_slug)
    if filters.assignee:
        tickets = tickets.filter(
            Q(analyst_id=filters.assignee) | Q(production_owner_id=filters.assignee)
        )
    if filters.sla:
        tickets = tickets.filter(sla_state=filters.sla)
    if filters.tag:
        tickets = tickets.filter(tags__name=filters.tag)
    if filters.q:
        tickets = _search(tickets, filters.q)
    if filters.updated_since is not None:
        tickets = tickets.filter(updated_at__gte=filters.updated_since)
    return tickets.order_by(*SORTS.get(filters.sort, SORTS["updated"]))


@dataclass
class DeskCounts:
    """Active tickets per stage and per SLA state: (value, label, count as
    shown), each counted up to ``COUNT_CAP`` ("1,000+" past it)."""

    by_stage: list[tuple[str, str, str]] = field(default_factory=list)
    by_sla: list[tuple[str, str, str]] = field(default_factory=list)
    total: str = "0"


SLA_TILES = (SlaState.ON_TRACK, SlaState.AT_RISK, SlaState.BREACHED, SlaState.NONE)


def desk_counts(*, viewer: Viewer) -> DeskCounts:
    """Counts for the desk home in one statement of capped counts (index
    desk_t_active_counts): the same cost with a hundred active tickets or a
    hundred thousand."""
    active = Ticket.objects.visible_to(viewer).open()
    parts = [active.filter(stage=s.value) for s in Stage]
    parts += [active.filter(sla_state=s.value) for s in SLA_TILES]
    counts = [count_display(n) for n in counts_upto([*parts, active])]
    stages, states = counts[: len(Stage)], counts[len(Stage) : -1]
    return DeskCounts(
        total=counts[-1],
        by_stage=[(s.value, s.label, n) for s, n in zip(Stage, stages, strict=True)],
        by_sla=[(s.value, s.label, n) for s, n in zip(SLA_TILES, states, strict=True)],
    )


def ticket_board(
    *, viewer: Viewer, filters: QueueFilters, per_column: int = 50
) -> list[tuple[str, str, list[Ticket]]]:
    """Active tickets by stage for the board (each column capped)."""
    tickets = ticket_list_for_desk(viewer=viewer, filters=filters)
    columns: dict[str, list[Ticket]] = {s.value: [] for s in Stage}
    # One query; the cap keeps a huge queue from filling the page.
    for ticket in tickets[: per_column * len(columns)]:
        if len(columns[ticket.stage]) < per_column:
            columns[ticket.stage].append(ticket)
    return [(s.value, s.label, columns[s.value]) for s in Stage]


def request_types_offered() -> QuerySet[RequestType]:
    """The request types a new ticket may name (the forms' choices), in the
    desk's order; their names are translated by ``str()``."""
    return RequestType.objects.filter(is_active=True).order_by("order", "name", "pk")


def tickets_for_page() -> QuerySet[Ticket]:
    """Tickets shaped for the ticket page (fetch one through access_object):
    the joins and the two lists it shows, tags and production steps (watchers
    and copied contacts are not on the page; services read them themselves)."""
    return Ticket.objects.select_related(
        "client__calendar",
        "requester__user",
        "analyst",
        "production_owner",
        "request_type",
    ).prefetch_related(
        "tags",
        Prefetch("steps", queryset=TicketStep.objects.select_related("owner")),
    )


@dataclass(frozen=True)
class HistoryItem:
    """One line of a ticket's history."""

    at: datetime
    kind: str  # "transition", "message", "event"
    obj: Any


def message_list_for_ticket(*, viewer: Viewer, ticket: Ticket) -> QuerySet[Message]:
    """A ticket's messages with their authors and files (internal notes for
    staff only)."""
    return (
        Message.objects.visible_to(viewer)
        .filter(ticket=ticket)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


HIDDEN_EVENT_VERBS = ("ticket.opened", "ticket.moved", "ticket.replied", "ticket.noted")


def ticket_history(*, viewer: Viewer, ticket: Ticket) -> list[HistoryItem]:
    """Moves, messages (internal ones for staff only) and other events, in order."""
    transitions = Transition.objects.filter(ticket=ticket).select_related("actor")
    messages = (
        Message.objects.visible_to(viewer)
        .filter(ticket=ticket)
        .select_related("author")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
        )
    )
    items = [HistoryItem(t.created_at, "transition", t) for t in transitions]
    items += [HistoryItem(m.created_at, "message", m) for m in messages]
    if viewer.is_staff:
        events = (
            Event.objects.visible_to(viewer)
            .filter(
                target_type=ContentType.objects.get_for_model(Ticket),
                target_id=str(ticket.pk),
            )
            .exclude(verb__in=HIDDEN_EVENT_VERBS)
            .select_related("actor")
        )
        events = list(events)
        items += [
            HistoryItem(event.created_at, "event", entry)
            for event, entry in zip(events, timeline_entries(events), strict=True)
        ]
    return sorted(items, key=lambda item: (item.at, item.kind != "transition"))


def ticket_list_for_portal(
    *, viewer: Viewer, status: str = "", q: str = ""
) -> QuerySet[Ticket]:
    """The contact's tickets (their client's, or only their own when limited)."""
    tickets = Ticket.objects.visible_to(viewer).select_related("requester__user")
    if status == "active":
        tickets = tickets.open()
    elif status in Status.values:
        tickets = tickets.filter(status=status)
    if q:
        tickets = _search(tickets, q)
    return tickets.order_by("-updated_at", "-pk")


@dataclass
class SlaReport:
    """A client's SLA results for one month."""

    client: Client
    month: date
    opened: int = 0
    first_response_met: int = 0
    first_response_breached: int = 0
    resolution_met: int = 0
    resolution_breached: int = 0
    median_first_response_minutes: float | None = None
    median_resolution_minutes: float | None = None


def sla_report(*, viewer: Viewer, client: Client, month: date) -> SlaReport:
    """Tickets opened in the month, and first responses and resolutions that
    fell in it, met or breached, with median business times."""
    zone = timezone.get_current_timezone()
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    end = datetime(
        month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=zone
    )
    tickets = Ticket.objects.visible_to(viewer).filter(client=client)
    report = SlaReport(client=client, month=start.date())
    report.opened = tickets.filter(created_at__gte=start, created_at__lt=end).count()
    responded = tickets.filter(
        first_responded_at__gte=start,
        first_responded_at__lt=end,
        first_response_met__isnull=False,
    ).values_list("first_response_met", "first_response_business_minutes")
    resolved = tickets.filter(
        closed_at__gte=start,
        closed_at__lt=end,
        status=Status.DONE,
        resolution_met__isnull=False,
    ).values_list("resolution_met", "resolution_business_minutes")
    responded, resolved = list(responded), list(resolved)
    report.first_response_met = sum(1 for met, _m in responded if met)
    report.first_response_breached = len(responded) - report.first_response_met
    report.resolution_met = sum(1 for met, _m in resolved if met)
    report.resolution_breached = len(resolved) - report.resolution_met
    if responded:
        report.median_first_response_minutes = statistics.median(
            m for _x, m in responded
        )
    if resolved:
        report.median_resolution_minutes = statistics.median(m for _x, m in resolved)
    return report


def csat_summary(*, viewer: Viewer) -> dict[str, list[dict[str, Any]]]:
    """Average rating and count per client and per responsible analyst."""
    ratings = Rating.objects.visible_to(viewer)
    per_client = (
        ratings.values("ticket__client__name")
        .annotate(average=Avg("score"), count=Count("pk"))
        .order_by("ticket__client__name")
    )
    per_person = (
        ratings.filter(ticket__analyst__isnull=False)
        .values("ticket__analyst__full_name")
        .annotate(average=Avg("score"), count=Count("pk"))
        .order_by("ticket__analyst__full_name")
    )
    return {"clients": list(per_client), "people": list(per_person)}


def ticket_mail(*, ticket: Ticket, limit: int = 20) -> list[OutboundMessage]:
    """The e-mail and WhatsApp messages sent about a ticket, newest first, with
    their delivery state (index on OutboundMessage.ref)."""
    return list(
        OutboundMessage.objects.filter(ref__startswith=f"desk.ticket:{ticket.pk}:")
        .defer("html", "text")
        .order_by("-pk")[:limit]
    )


@dataclass
class ClientTickets:
    """A client's active tickets by stage and SLA state, for a home page."""

    client: Client
    by_stage: list[tuple[str, str, int]] = field(default_factory=list)
    at_risk: int = 0
    breached: int = 0

    @property
    def total(self) -> int:
        return sum(n for _value, _label, n in self.by_stage)


def tickets_by_client(
    *, viewer: Viewer, clients: list[Client] | None = None, slipping_only: bool = False
) -> list[ClientTickets]:
    """Active tickets per client (of ``clients``, or every visible one), in one
    grouped query; with ``slipping_only`` only clients with a ticket at risk or
    breached, the worst first."""
    active = Ticket.objects.visible_to(viewer).open()
    if clients is not None:
        active = active.filter(client_id__in=[c.pk for c in clients])
    counts: dict[int, dict[tuple[str, str], int]] = {}
    for client_id, stage, state, n in (
        active.values_list("client_id", "stage", "sla_state")
        .annotate(n=Count("*"))
        .order_by()
    ):
        counts.setdefault(client_id, {})[stage, state] = n
    rows = []
    if clients is None:
        clients = list(Client.objects.filter(pk__in=counts).order_by("name"))
    for client in clients:
        per = counts.get(client.pk, {})
        row = ClientTickets(client=client)
        row.by_stage = [
            (s.value, s.label, sum(n for (st, _), n in per.items() if st == s.value))
            for s in Stage
        ]
        row.at_risk = sum(n for (_, st), n in per.items() if st == SlaState.AT_RISK)
        row.breached = sum(n for (_, st), n in per.items() if st == SlaState.BREACHED)
        rows.append(row)
    if slipping_only:
        rows = [r for r in rows if r.at_risk or r.breached]
        rows.sort(key=lambda r: (-r.breached, -r.at_risk, r.client.name))
    return rows


@dataclass
class MyWork:
    """What is assigned to one person: tickets and production steps, soonest first."""

    tickets: list[Ticket]
    steps: list[TicketStep]


def my_work(*, viewer: Viewer, limit: int = 50) -> MyWork:
    """Open tickets the viewer is analyst or production owner of, and their open
    production steps, each ordered by due time (two queries)."""
    me = viewer.user.pk
    active = Ticket.objects.visible_to(viewer).open()
    tickets = (
        active.filter(Q(analyst_id=me) | Q(production_owner_id=me))
        .select_related("client")
        .order_by(F("resolution_due").asc(nulls_last=True), "pk")
    )
    steps = (
        TicketStep.objects.filter(
            owner_id=me, done_at__isnull=True, ticket__in=active.values("pk")
        )
        .select_related("ticket__client")
        .order_by(F("due_date").asc(nulls_last=True), "ticket_id", "order")
    )
    return MyWork(tickets=list(tickets[:limit]), steps=list(steps[:limit]))
