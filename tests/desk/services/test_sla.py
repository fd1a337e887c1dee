"""SLA clocks (desk.services.sla): business hours, holidays, DST, pauses."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencydesk.core.calendar import business_time_between
from agencydesk.desk import services
from agencydesk.desk.models import SlaPolicy, SlaState, Ticket
from tests.factories.clients import make_client
from tests.factories.desk import make_ticket

pytestmark = pytest.mark.django_db


WIB = ZoneInfo("Asia/Jakarta")


BERLIN = ZoneInfo("Europe/Berlin")


UTC = ZoneInfo("UTC")


def at(zone, *args):
    return datetime(*args, tzinfo=zone)


def _fresh(ticket):
    return Ticket.objects.get(pk=ticket.pk)


def test_clocks_run_in_the_clients_business_hours(client_a):
    # Friday 16:00 in Jakarta; normal priority: 8 h to respond, 40 h to resolve.
    ticket = make_ticket(client_a, now=at(WIB, 2026, 11, 20, 16))

    assert ticket.sla_state == SlaState.ON_TRACK
    assert ticket.first_response_due == at(WIB, 2026, 11, 23, 16)
    assert ticket.first_response_risk_at == at(WIB, 2026, 11, 23, 14)
    assert ticket.resolution_due == at(WIB, 2026, 11, 27, 16)


def test_a_public_holiday_does_not_count(client_a):
    # Monday 17 August 2026 is Indonesia's Independence Day.
    ticket = make_ticket(client_a, now=at(WIB, 2026, 8, 14, 16))

    assert ticket.first_response_due == at(WIB, 2026, 8, 18, 16)


def test_clocks_are_exact_across_a_dst_change(db):
    client = make_client("Nordwind", country="DE", timezone="Europe/Berlin")
    # Friday 16:00 CET; clocks go forward on Sunday 29 March 2026.
    ticket = make_ticket(client, now=at(BERLIN, 2026, 3, 27, 16))

    assert ticket.first_response_due == at(UTC, 2026, 3, 30, 14)  # 16:00 CEST


def test_waiting_on_the_customer_pauses_the_clock(client_a, contact_a, manager):
    ticket = make_ticket(client_a, requester=contact_a, now=at(WIB, 2026, 11, 20, 16))
    services.ticket_move(
        actor=manager, ticket=ticket, status="waiting", now=at(WIB, 2026, 11, 23, 10)
    )
    waiting = _fresh(ticket)
    # A sweep long after the due instant leaves a paused clock alone.
    services.sla_sweep(now=at(WIB, 2026, 12, 20, 10))
    assert _fresh(ticket).sla_state == SlaState.ON_TRACK

    services.ticket_move(
        actor=manager, ticket=waiting, status="open", now=at(WIB, 2026, 11, 24, 10)
    )

    resumed = _fresh(ticket)
    # 6 business hours were left at the pause: due Tuesday 16:00.
    assert resumed.first_response_due == at(WIB, 2026, 11, 24, 16)
    assert resumed.sla_paused_at is None


def test_the_customers_reply_resumes_a_waiting_ticket(client_a, contact_a, manager):
    ticket = make_ticket(client_a, requester=contact_a, now=at(WIB, 2026, 11, 20, 16))
    services.ticket_move(
        actor=manager, ticket=ticket, status="waiting", now=at(WIB, 2026, 11, 23, 10)
    )

    services.message_add(
        actor=contact_a.user,
        ticket=ticket,
        body="Here are the sizes",
        now=at(WIB, 2026, 11, 24, 10),
    )

    ticket = _fresh(ticket)
    assert ticket.status == "open"
    assert ticket.first_response_due == at(WIB, 2026, 11, 24, 16)
    assert list(ticket.transitions.values_list("to_status", flat=True)) == [
        "open",
        "waiting",
        "open",
    ]


def test_first_public_staff_reply_is_the_first_response(client_a, manager):
    ticket = make_ticket(client_a, now=at(WIB, 2026, 11, 20, 16))
    services.message_add(
        actor=manager,
        ticket=ticket,
        body="internal",
        is_internal=True,
        now=at(WIB, 2026, 11, 23, 9),
    )
    assert _fresh(ticket).first_responded_at is None

    services.message_add(
        actor=manager, ticket=ticket, body="On it", now=at(WIB, 2026, 11, 23, 11)
    )

    ticket = _fresh(ticket)
    assert ticket.first_responded_at == at(WIB, 2026, 11, 23, 11)
    assert ticket.first_response_met is True
    assert ticket.first_response_business_minutes == 3 * 60


def test_done_in_time_is_met_and_late_is_breached(client_a, manager):
    quick = make_ticket(client_a, now=at(WIB, 2026, 11, 20, 16))
    services.message_add(
        actor=manager, ticket=quick, body="Done", now=at(WIB, 2026, 11, 23, 9)
    )
    services.ticket_move(
        actor=manager, ticket=quick, status="done", now=at(WIB, 2026, 11, 23, 10)
    )
    slow = make_ticket(client_a, now=at(WIB, 2026, 11, 20, 16))
    services.ticket_move(
        actor=manager, ticket=slow, status="done", now=at(WIB, 2026, 12, 4, 10)
    )

    quick, slow = _fresh(quick), _fresh(slow)
    assert (quick.sla_state, quick.resolution_met) == (SlaState.MET, True)
    assert quick.resolution_business_minutes == 2 * 60
    assert (slow.sla_state, slow.resolution_met) == (SlaState.BREACHED, False)
    assert slow.first_response_met is None


def test_a_clients_own_policy_wins_over_the_default(client_a, client_b):
    SlaPolicy.objects.create(
        client=client_a,
        priority="normal",
        first_response_minutes=60,
        resolution_minutes=120,
    )

    own = make_ticket(client_a, now=at(WIB, 2026, 11, 20, 10))
    other = make_ticket(client_b, now=at(WIB, 2026, 11, 20, 10))

    assert own.first_response_due == at(WIB, 2026, 11, 20, 11)
    assert other.first_response_minutes == 480


def test_raising_the_priority_keeps_the_time_used(client_a, manager):
    ticket = make_ticket(client_a, now=at(WIB, 2026, 11, 23, 9))
    # Two business hours later the ticket becomes urgent (1 h to respond).
    services.ticket_update(
        actor=manager, ticket=ticket, priority="urgent", now=at(WIB, 2026, 11, 23, 11)
    )

    ticket = _fresh(ticket)
    assert ticket.first_response_minutes == 60
    assert ticket.first_response_due == at(WIB, 2026, 11, 23, 11)
    assert ticket.resolution_due == at(WIB, 2026, 11, 23, 17)


# Pauses of any length at any moment: the business time the clock ran
# (between pauses) always adds up to the target.
pauses = st.lists(
    st.tuples(st.integers(1, 600), st.integers(1, 4 * 24 * 60)), max_size=4
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    start=st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)
    ),
    steps=pauses,
    zone=st.sampled_from([("ID", "Asia/Jakarta"), ("DE", "Europe/Berlin")]),
)
def test_paused_time_never_counts(client_a, client_b, manager, start, steps, zone):
    client = (
        client_a
        if zone[0] == "ID"
        else make_client("Berlin GmbH", country=zone[0], timezone=zone[1])
    )
    now = start.replace(tzinfo=UTC)
    ticket = make_ticket(client, now=now)
    cal = client.calendar.as_business_calendar()
    ran = timedelta(0)
    running_since = now
    for run_minutes, pause_minutes in steps:
        ticket = _fresh(ticket)
        pause_at = running_since + timedelta(minutes=run_minutes)
        if pause_at >= ticket.resolution_due:
            break
        services.ticket_move(
            actor=manager, ticket=ticket, status="waiting", now=pause_at
        )
        ran += business_time_between(cal, running_since, pause_at)
        running_since = pause_at + timedelta(minutes=pause_minutes)
        services.ticket_move(
            actor=manager, ticket=_fresh(ticket), status="open", now=running_since
        )
    ticket = _fresh(ticket)
    ran += business_time_between(cal, running_since, ticket.resolution_due)

    assert ran == timedelta(minutes=ticket.resolution_minutes)
