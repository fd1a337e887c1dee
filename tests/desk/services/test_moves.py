"""The seed's three example flows (001), replayed through the services."""

import pytest

from agencydesk.desk import services
from agencydesk.desk.models import Stage, Status, TicketStep
from tests.factories.desk import make_ticket, request_type

pytestmark = pytest.mark.django_db

S, A, P, PR, D = (
    Stage.SCREENING,
    Stage.ANALYSIS,
    Stage.PLANNING,
    Stage.PRODUCTION,
    Stage.DELIVERY,
)
OPEN, WAIT, DONE = Status.OPEN, Status.WAITING, Status.DONE


def _replay(ticket, actor, moves):
    for stage, status in moves:
        ticket = services.ticket_move(
            actor=actor, ticket=ticket, stage=stage, status=status
        )
    return ticket


def _history(ticket):
    return [(t.to_stage, t.to_status) for t in ticket.transitions.order_by("pk")]


def test_banner_for_a_campaign(client_a, contact_a, manager):
    ticket = make_ticket(
        client_a,
        actor=manager,
        requester=contact_a,
        channel="email",
        request_type=request_type("Banner for a campaign"),
    )
    moves = [(A, OPEN), (A, WAIT), (A, OPEN), (P, OPEN), (PR, OPEN), (D, OPEN)]
    moves += [(D, WAIT), (D, DONE)]
    ticket = _replay(ticket, manager, moves)

    assert _history(ticket) == [(S, OPEN), *moves]
    steps = TicketStep.objects.filter(ticket=ticket).order_by("order")
    assert [s.name for s in steps] == ["Concept", "Copy", "Design", "Approval"]
    assert ticket.closed_at is not None


def test_landing_page_for_a_new_product(client_a, contact_a, manager):
    ticket = make_ticket(
        client_a,
        actor=manager,
        requester=contact_a,
        title="I need a landing page for a new product",
        request_type=request_type("Landing page"),
    )
    moves = [(A, OPEN), (P, OPEN), (PR, OPEN), (D, OPEN), (D, WAIT), (D, DONE)]
    ticket = _replay(ticket, manager, moves)

    assert _history(ticket) == [(S, OPEN), *moves]
    assert [s.name for s in ticket.steps.order_by("order")] == [
        "Concept",
        "Design",
        "Build",
        "Approval",
        "Publication",
    ]


def test_logo_files_end_at_analysis(client_a, contact_a, manager):
    ticket = make_ticket(
        client_a,
        actor=manager,
        requester=contact_a,
        title="I need my logo files",
        request_type=request_type("Logo files"),
    )
    ticket = _replay(ticket, manager, [(A, OPEN), (A, DONE)])

    assert _history(ticket) == [(S, OPEN), (A, OPEN), (A, DONE)]
    assert not ticket.steps.exists()
    assert ticket.reference == f"AD-{ticket.number}"
