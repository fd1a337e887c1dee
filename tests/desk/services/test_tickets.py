"""Tickets (desk.services.tickets): opened with gap-free numbers, assigned to
staff only, rated once per ticket."""

import pytest

from agencydesk.core.models import Notification
from agencydesk.desk import services
from agencydesk.desk.errors import NotOnTeamError
from agencydesk.desk.models import Ticket
from tests.factories.clients import make_contact
from tests.factories.desk import make_ticket

pytestmark = pytest.mark.django_db


def test_numbers_follow_each_other_across_clients(client_a, client_b):
    first = make_ticket(client_a)
    second = make_ticket(client_b)

    assert second.number == first.number + 1
    assert first.reference == f"AD-{first.number}"


def test_the_analyst_is_told_and_watches_the_ticket(client_a, manager, specialist):
    ticket = make_ticket(client_a)

    services.ticket_assign(actor=manager, ticket=ticket, analyst=specialist)

    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.analyst == specialist
    assert specialist in ticket.watchers.all()
    assert Notification.objects.filter(
        recipient=specialist, verb="ticket.assigned"
    ).exists()


def test_only_staff_can_be_assigned(client_a, manager):
    ticket = make_ticket(client_a)
    contact = make_contact(client_a)

    with pytest.raises(NotOnTeamError):
        services.ticket_assign(actor=manager, ticket=ticket, analyst=contact.user)

    assert Ticket.objects.get(pk=ticket.pk).analyst_id is None


def test_nobody_is_told_of_a_request_they_opened_themselves(client_a, manager):
    from agencydesk.clients.services import team_member_add
    from tests.factories.people import make_staff

    other = make_staff(full_name="Omar Other Manager")
    for person in (manager, other):
        team_member_add(
            actor=None, client=client_a, user=person, role="account_manager"
        )

    make_ticket(client_a, actor=manager, requester=make_contact(client_a))

    told = Notification.objects.filter(verb="ticket.opened")
    assert list(told.values_list("recipient", flat=True)) == [other.pk]


def test_taking_a_ticket_oneself_sends_no_notification(client_a, manager):
    ticket = make_ticket(client_a)

    services.ticket_assign(actor=manager, ticket=ticket, analyst=manager)

    assert Ticket.objects.get(pk=ticket.pk).analyst == manager
    assert not Notification.objects.filter(verb="ticket.assigned").exists()
