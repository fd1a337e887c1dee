"""The seed's "estimate vs actual" on the ticket page."""

import datetime

import pytest

from agencydesk.desk import services as desk
from agencydesk.desk.models import Ticket
from agencydesk.timesheets.services import time_entry_create
from tests.factories.desk import make_ticket

pytestmark = pytest.mark.django_db


def test_the_ticket_page_compares_logged_time_with_the_estimate(
    client_a, manager, as_user
):
    ticket = make_ticket(client_a, title="Banner")
    http = as_user(manager)
    # The designer's task is estimated at 20 hours.
    http.post(
        ticket.get_absolute_url() + "update/",
        {"priority": "normal", "estimate_hours": "20", "version": ticket.version},
    )
    assert Ticket.objects.get(pk=ticket.pk).estimate_minutes == 20 * 60

    page = http.get(ticket.get_absolute_url()).content.decode()
    assert "Estimate vs actual" in page
    assert 'id="ticket-over-estimate"' not in page

    for day in range(5):  # …and takes 40.
        time_entry_create(
            actor=manager,
            user=manager,
            day=datetime.date(2026, 11, 16) + datetime.timedelta(days=day),
            minutes=8 * 60,
            client=client_a,
            ticket=Ticket.objects.get(pk=ticket.pk),
        )

    page = http.get(ticket.get_absolute_url()).content.decode()
    assert "Over the estimate by 1200 min" in page
    assert "200%" in page


def test_an_estimate_out_of_range_is_refused_and_nothing_changes(
    client_a, manager, as_user
):
    ticket = make_ticket(client_a)

    response = as_user(manager).post(
        ticket.get_absolute_url() + "update/",
        {"priority": "normal", "estimate_hours": "-3", "version": ticket.version},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert Ticket.objects.get(pk=ticket.pk).estimate_minutes is None


def test_services_keep_the_estimate_when_it_is_not_given(client_a, manager):
    ticket = make_ticket(client_a)
    ticket = desk.ticket_update(actor=manager, ticket=ticket, estimate_hours=2)
    ticket = desk.ticket_update(actor=manager, ticket=ticket, priority="high")

    assert Ticket.objects.get(pk=ticket.pk).estimate_minutes == 120
