"""SLA clocks: due instants in the client's business hours, paused while the
ticket waits on the customer.

Every clock is stored as instants (due, and "at risk" at 75% used) so lists
and the sweep compare columns with "now" in SQL. A pause freezes the remaining
business time; resuming places the instants that far after the resume.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q

from agencydesk.core.agency import business_calendar
from agencydesk.core.batch import batch_cached
from agencydesk.core.calendar import (
    BusinessCalendar,
    add_business_time,
    business_time_between,
)
from agencydesk.core.kept import kept

from ..models import RUNNING_CLOCK, Priority, SlaPolicy, SlaState, Ticket

RISK_SHARE = 0.75
SLA_POLICIES = "sla-policies"


def policy_for(*, client_id: int, priority: str) -> SlaPolicy | None:
    """The client's own target for the priority, else the agency default
    (kept between requests; any change of a target forgets them)."""

    def read() -> SlaPolicy | None:
        policies = {
            policy.client_id: policy
            for policy in SlaPolicy.objects.filter(
                Q(client_id=client_id) | Q(client__isnull=True), priority=priority
            )
        }
        return policies.get(client_id) or policies.get(None)

    return batch_cached(
        ("desk.sla_policy", client_id, priority),
        lambda: kept(SLA_POLICIES, f"{client_id}:{priority}", read),
    )


def calendar_of(ticket: Ticket) -> BusinessCalendar:
    calendar_id = ticket.client.calendar_id
    return batch_cached(
        ("core.calendar", calendar_id), lambda: business_calendar(calendar_id)
    )


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def start(ticket: Ticket, *, now: datetime) -> None:
    """Set the clocks of a new ticket from its policy."""
    policy = policy_for(client_id=ticket.client_id, priority=ticket.priority)
    if policy is None:
        ticket.sla_state = SlaState.NONE
        return
    ticket.first_response_minutes = policy.first_response_minutes
    ticket.resolution_minutes = policy.resolution_minutes
    place(
        ticket,
        calendar_of(ticket),
        now,
        timedelta(minutes=policy.first_response_minutes),
        timedelta(minutes=policy.resolution_minutes),
    )
    ticket.sla_state = SlaState.ON_TRACK


def place(
    ticket: Ticket,
    cal: BusinessCalendar,
    now: datetime,
    fr_left: timedelta,
    res_left: timedelta,
) -> None:
    """Put the instants the business time left after ``now`` (exact, no rounding,
    so pauses never gain or lose a second)."""
    if ticket.first_responded_at is None:
        ticket.first_response_due = add_business_time(cal, now, fr_left)
        ticket.first_response_risk_at = add_business_time(
            cal, now, _risk_left(fr_left, ticket.first_response_minutes)
        )
    ticket.resolution_due = add_business_time(cal, now, res_left)
    ticket.resolution_risk_at = add_business_time(
        cal, now, _risk_left(res_left, ticket.resolution_minutes)
    )


def _risk_left(left: timedelta, target_minutes: int | None) -> timedelta:
    """Time left until 75% of the target is used."""
    reserve = timedelta(minutes=target_minutes or 0) * (1 - RISK_SHARE)
    return max(timedelta(0), left - reserve)


def _left(cal: BusinessCalendar, at: datetime, due: datetime | None) -> timedelta:
    return timedelta(0) if due is None else business_time_between(cal, at, due)


def pause(ticket: Ticket, *, now: datetime) -> None:
    """Stop the clocks (waiting on the customer, or closed)."""
    if ticket.sla_state != SlaState.NONE and ticket.sla_paused_at is None:
        ticket.sla_paused_at = now


def resume(ticket: Ticket, *, now: datetime) -> None:
    """Restart the clocks with the business time that was left at the pause."""
    if ticket.sla_state == SlaState.NONE or ticket.sla_paused_at is None:
        return
    cal = calendar_of(ticket)
    paused = ticket.sla_paused_at
    fr_left = _left(cal, paused, ticket.first_response_due)
    res_left = _left(cal, paused, ticket.resolution_due)
    place(ticket, cal, now, fr_left, res_left)
    ticket.sla_paused_at = None
    if ticket.sla_state == SlaState.MET:
        ticket.sla_state = SlaState.ON_TRACK
    ticket.resolution_met = None
    ticket.resolution_business_minutes = None
    refresh(ticket, now=now)


def used(
    cal: BusinessCalendar, target: int | None, due: datetime, at: datetime
) -> timedelta:
    """Business time used of ``target`` minutes when the clock is read at ``at``."""
    target_time = timedelta(minutes=target or 0)
    if at <= due:
        return target_time - business_time_between(cal, at, due)
    return target_time + business_time_between(cal, due, at)


def first_response(ticket: Ticket, *, now: datetime) -> None:
    """The first public reply by staff stops the first-response clock."""
    if ticket.first_responded_at is not None:
        return
    ticket.first_responded_at = now
    if ticket.sla_state == SlaState.NONE or ticket.first_response_due is None:
        return
    due = ticket.first_response_due
    at = ticket.sla_paused_at or now
    ticket.first_response_met = at <= due
    ticket.first_response_business_minutes = _minutes(
        used(calendar_of(ticket), ticket.first_response_minutes, due, at)
    )


def close(ticket: Ticket, *, now: datetime, done: bool) -> None:
    """Done stops the resolution clock and says whether the SLA was met."""
    if ticket.sla_state == SlaState.NONE:
        return
    at = ticket.sla_paused_at or now
    pause(ticket, now=now)
    if not done:
        return
    cal = calendar_of(ticket)
    ticket.resolution_met = at <= ticket.resolution_due
    ticket.resolution_business_minutes = _minutes(
        used(cal, ticket.resolution_minutes, ticket.resolution_due, at)
    )
    breached = ticket.sla_state == SlaState.BREACHED or not ticket.resolution_met
    breached = breached or ticket.first_response_met is False
    ticket.sla_state = SlaState.BREACHED if breached else SlaState.MET


def refresh(ticket: Ticket, *, now: datetime) -> None:
    """Recompute the state of a running clock; a breach is never undone."""
    if ticket.sla_state in (SlaState.NONE, SlaState.BREACHED, SlaState.MET):
        return
    if ticket.sla_paused_at is not None:
        return
    fr_open = ticket.first_responded_at is None
    if ticket.resolution_due <= now or (fr_open and ticket.first_response_due <= now):
        ticket.sla_state = SlaState.BREACHED
    elif ticket.resolution_risk_at <= now or (
        fr_open and ticket.first_response_risk_at <= now
    ):
        ticket.sla_state = SlaState.AT_RISK
    else:
        ticket.sla_state = SlaState.ON_TRACK


def due_ids(now: datetime) -> dict[str, set[int]]:
    """Tickets whose running clock passed a due instant (to breach) or its 75%
    mark (to put at risk). Each part is its own query on its partial index
    (desk_t_res_due, desk_t_fr_due, desk_t_res_risk, desk_t_fr_risk), joined
    in a UNION: an OR across columns would read every running clock."""
    running = Ticket.objects.filter(RUNNING_CLOCK)
    unanswered = running.filter(first_responded_at__isnull=True)
    breach = (
        running.filter(resolution_due__lte=now)
        .values_list("pk")
        .union(unanswered.filter(first_response_due__lte=now).values_list("pk"))
    )
    on_track = running.filter(sla_state=SlaState.ON_TRACK)
    risk = (
        on_track.filter(resolution_risk_at__lte=now)
        .values_list("pk")
        .union(
            on_track.filter(
                first_responded_at__isnull=True, first_response_risk_at__lte=now
            ).values_list("pk")
        )
    )
    to_breach = {pk for (pk,) in breach}
    return {
        SlaState.BREACHED: to_breach,
        SlaState.AT_RISK: {pk for (pk,) in risk} - to_breach,
    }


DEFAULT_TARGETS = {
    # priority: (first response, resolution) in business minutes
    Priority.URGENT: (60, 8 * 60),
    Priority.HIGH: (4 * 60, 3 * 8 * 60),
    Priority.NORMAL: (8 * 60, 5 * 8 * 60),
    Priority.LOW: (2 * 8 * 60, 10 * 8 * 60),
}
