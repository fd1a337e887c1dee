"""Bulk changes from the queue (desk.services.bulk): each ticket through its
own service; a refused ticket is named and does not undo the others."""

import pytest

from agencydesk.desk import services
from agencydesk.desk.models import Ticket
from tests.factories.clients import make_contact
from tests.factories.desk import make_ticket

pytestmark = pytest.mark.django_db


def _stages():
    return dict(Ticket.objects.values_list("title", "stage"))


def test_one_refused_ticket_does_not_undo_the_others_and_each_refusal_is_named(
    client_a, manager
):
    tickets = [make_ticket(client_a, title=f"T{n}") for n in range(4)]
    for already in (tickets[1], tickets[3]):
        services.ticket_move(actor=manager, ticket=already, stage="analysis")

    result = services.tickets_bulk_change(
        actor=manager, tickets=tickets, action="move", stage="analysis"
    )

    assert result.done == 2
    assert result.refused == [
        f"{tickets[1].reference}: The ticket is already there.",
        f"{tickets[3].reference}: The ticket is already there.",
    ]
    assert _stages() == {n: "analysis" for n in ("T0", "T1", "T2", "T3")}


def test_a_refused_assignment_names_the_ticket_and_changes_nothing(client_a, manager):
    contact = make_contact(client_a)
    tickets = [make_ticket(client_a, title=f"T{n}") for n in range(2)]

    result = services.tickets_bulk_change(
        actor=manager, tickets=tickets, action="assign", analyst=contact.user
    )

    assert result.done == 0
    assert result.refused == [
        f"{t.reference}: Only agency staff can be assigned to a ticket."
        for t in tickets
    ]
    assert not Ticket.objects.filter(analyst__isnull=False).exists()


def test_a_bulk_assignment_assigns_each_ticket(client_a, manager, specialist):
    tickets = [make_ticket(client_a, title=f"T{n}") for n in range(3)]

    result = services.tickets_bulk_change(
        actor=manager, tickets=tickets[:2], action="assign", analyst=specialist
    )

    assert (result.done, result.refused) == (2, [])
    assert dict(Ticket.objects.values_list("title", "analyst")) == {
        "T0": specialist.pk,
        "T1": specialist.pk,
        "T2": None,
    }
