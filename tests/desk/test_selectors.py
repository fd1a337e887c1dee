"""desk.selectors: what the desk's pages read, scoped by the viewer."""

import pytest

from agencydesk.core.access import viewer_for
from agencydesk.desk import services
from agencydesk.desk.selectors import (
    QueueFilters,
    csat_summary,
    ticket_list_for_desk,
    ticket_list_for_portal,
    ticket_mail,
    tickets_by_client,
)
from tests.factories.clients import make_contact
from tests.factories.desk import make_ticket

pytestmark = pytest.mark.django_db


def test_the_desk_queue_filters_by_client_and_status(client_a, client_b, manager):
    open_a = make_ticket(client_a, title="Open at Alpha")
    done_a = make_ticket(client_a, title="Done at Alpha")
    services.ticket_move(actor=manager, ticket=done_a, status="done")
    make_ticket(client_b, title="Open at Beta")
    viewer = viewer_for(manager)

    mine = ticket_list_for_desk(
        viewer=viewer, filters=QueueFilters(client=client_a.pk, status="open")
    )

    assert [t.pk for t in mine] == [open_a.pk]


def test_a_contact_sees_only_their_clients_tickets(client_a, client_b):
    contact = make_contact(client_a, email="maya@alpha.example")
    own = make_ticket(client_a, requester=contact, title="Mine")
    make_ticket(client_b, title="Someone else's")

    rows = ticket_list_for_portal(viewer=viewer_for(contact.user, [client_a.pk]))

    assert [t.pk for t in rows] == [own.pk]


def test_csat_summary_averages_per_client_and_analyst(client_a, manager):
    contact = make_contact(client_a, email="maya@alpha.example")
    for score in (3, 5):
        ticket = make_ticket(client_a, requester=contact)
        services.ticket_assign(actor=manager, ticket=ticket, analyst=manager)
        services.ticket_move(actor=manager, ticket=ticket, status="done")
        ticket.refresh_from_db()
        services.rating_submit(actor=None, ticket=ticket, score=score)

    summary = csat_summary(viewer=viewer_for(manager))

    assert [
        (r["ticket__client__name"], r["average"], r["count"])
        for r in summary["clients"]
    ] == [(client_a.name, 4.0, 2)]
    assert [
        (r["ticket__analyst__full_name"], r["count"]) for r in summary["people"]
    ] == [(manager.full_name, 2)]


def test_ticket_mail_lists_the_mail_sent_about_one_ticket(client_a, manager):
    contact = make_contact(client_a, email="maya@alpha.example")
    ticket = make_ticket(client_a, requester=contact)
    other = make_ticket(client_a, requester=contact)
    services.message_add(actor=manager, ticket=ticket, body="Here is the banner")

    mail = ticket_mail(ticket=ticket)

    assert mail
    assert all(m.ref.startswith(f"desk.ticket:{ticket.pk}:") for m in mail)
    assert not any(m.ref.startswith(f"desk.ticket:{other.pk}:") for m in mail)


def test_tickets_by_client_counts_active_tickets_per_stage(client_a, client_b, manager):
    make_ticket(client_a)
    make_ticket(client_a)
    done = make_ticket(client_b)
    services.ticket_move(actor=manager, ticket=done, status="done")

    rows = tickets_by_client(viewer=viewer_for(manager))

    assert [(row.client.pk, row.total) for row in rows] == [(client_a.pk, 2)]
