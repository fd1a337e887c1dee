"""The desk's intake page, SLA report and CSAT report cost the same number of
queries at any size (their reads are shaped once, in selectors)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from agencydesk.comms.services.ingest import ingest
from agencydesk.desk import services
from tests.comms.mails import raw_mail
from tests.factories.clients import make_contact
from tests.factories.desk import make_ticket

pytestmark = pytest.mark.django_db

SIZES = [2, 12]
INTAKE_QUERIES = 3
SLA_QUERIES = 6
CSAT_QUERIES = 3


def _finished_tickets(client, manager, rows):
    tickets = []
    for n in range(rows):
        contact = make_contact(client, email=f"person{n}@alpha.example")
        ticket = make_ticket(client, requester=contact, title=f"Ticket {n}")
        services.message_add(actor=manager, ticket=ticket, body="Hello")
        services.ticket_move(actor=manager, ticket=ticket, status="done")
        tickets.append(ticket)
    return tickets


@pytest.mark.parametrize("rows", SIZES)
def test_intake_page(rows, admin_user, as_user, django_assert_num_queries):
    for n in range(rows):
        ingest(raw=raw_mail(sender=f"stranger{n}@else.example", subject=f"Hi {n}"))
    http = as_user(admin_user)
    http.get("/")

    with django_assert_num_queries(INTAKE_QUERIES):
        response = http.get(reverse("desk:intake"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == rows


@pytest.mark.parametrize("rows", SIZES)
def test_sla_report(rows, client_a, manager, as_user, django_assert_num_queries):
    _finished_tickets(client_a, manager, rows)
    month = timezone.localdate().strftime("%Y-%m")
    http = as_user(manager)
    http.get("/")

    with django_assert_num_queries(SLA_QUERIES):
        response = http.get(
            reverse("desk:report-sla"), {"client": client_a.pk, "month": month}
        )

    assert response.context["report"].opened == rows


@pytest.mark.parametrize("rows", SIZES)
def test_csat_report(
    rows, client_a, manager, admin_user, as_user, django_assert_num_queries
):
    for n, ticket in enumerate(_finished_tickets(client_a, manager, rows)):
        ticket.refresh_from_db()
        services.rating_submit(actor=None, ticket=ticket, score=1 + n % 5)
    http = as_user(admin_user)
    http.get("/")

    with django_assert_num_queries(CSAT_QUERIES):
        response = http.get(reverse("desk:report-csat"))

    assert response.status_code == 200
    summary = response.context["summary"]
    assert [
        (row["ticket__client__name"], row["count"]) for row in summary["clients"]
    ] == [(client_a.name, rows)]
