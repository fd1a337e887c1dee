"""The SLA sweep (desk.services.sweep): at risk, then breached, escalated once,
at a cost that does not grow with the tickets."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from agencydesk.core.models import Event, Notification
from agencydesk.desk import services
from agencydesk.desk.models import SlaState, Ticket
from agencydesk.people.roles import Role
from tests.factories.desk import make_ticket
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db


WIB = ZoneInfo("Asia/Jakarta")


def at(zone, *args):
    return datetime(*args, tzinfo=zone)


def _fresh(ticket):
    return Ticket.objects.get(pk=ticket.pk)


def test_sweep_marks_risk_then_breach_and_escalates_once(client_a, manager):
    from agencydesk.clients.services import team_member_add

    lead = make_staff(Role.AGENCY_LEAD, full_name="Lena Lead")
    analyst = make_staff(Role.SPECIALIST, full_name="Andi Analyst")
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    ticket = make_ticket(client_a, now=at(WIB, 2026, 11, 20, 16))
    services.ticket_assign(actor=manager, ticket=ticket, analyst=analyst)

    assert services.sla_sweep(now=at(WIB, 2026, 11, 23, 15)) == {
        "at_risk": 1,
        "breached": 0,
    }
    assert _fresh(ticket).sla_state == SlaState.AT_RISK
    assert list(
        Notification.objects.filter(verb="ticket.sla_at_risk").values_list(
            "recipient__full_name", flat=True
        )
    ) == ["Andi Analyst"]

    assert services.sla_sweep(now=at(WIB, 2026, 11, 23, 17)) == {
        "at_risk": 0,
        "breached": 1,
    }
    assert services.sla_sweep(now=at(WIB, 2026, 11, 24, 17)) == {
        "at_risk": 0,
        "breached": 0,
    }
    assert _fresh(ticket).sla_state == SlaState.BREACHED
    assert sorted(
        Notification.objects.filter(verb="ticket.sla_breached").values_list(
            "recipient__full_name", flat=True
        )
    ) == [lead.full_name, manager.full_name]
    assert list(
        Event.objects.filter(verb__startswith="ticket.sla_").values_list(
            "verb", flat=True
        )
    ) == ["ticket.sla_at_risk", "ticket.sla_breached"]


@pytest.mark.parametrize("count", [1, 20])
def test_the_sweep_costs_the_same_queries_for_any_number_of_tickets(
    count, client_a, manager, django_assert_num_queries
):
    from agencydesk.clients.services import team_member_add

    make_staff(Role.AGENCY_LEAD)
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    for _n in range(count):
        make_ticket(client_a, now=at(WIB, 2026, 11, 20, 16))

    # Two unions, then per state: lock and read, update, and for the
    # breaches managers, leads, events, notifications (savepoints included).
    with django_assert_num_queries(12):
        assert services.sla_sweep(now=at(WIB, 2026, 12, 1, 9)) == {
            "at_risk": 0,
            "breached": count,
        }
    assert Notification.objects.filter(verb="ticket.sla_breached").count() == 2 * count
