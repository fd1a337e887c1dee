"""A manager's portfolio (planning.selectors.portfolio)."""

from datetime import date

import pytest
from django.urls import reverse

from agencydesk.clients.services import team_member_add
from agencydesk.core.access import SYSTEM
from agencydesk.planning.selectors import portfolio_for
from tests.factories.clients import make_client

from .helpers import book


def test_portfolio_shows_the_share_of_the_managers_week(manager, client_a, client_b):
    week = date(2026, 11, 9)
    for client in (client_a, client_b):
        team_member_add(actor=None, client=client, user=manager, role="account_manager")
    book(manager, client_a, 24, week=week)
    book(manager, client_b, 8, week=week)
    book(manager, None, 4, week=week)
    portfolio = portfolio_for(viewer=SYSTEM, manager=manager, week=week)
    assert [
        (line.client.name, line.minutes, line.share) for line in portfolio.lines
    ] == [
        ("Alpha Coffee", 1440, 60),
        ("Beta Honey", 480, 20),
    ]
    assert portfolio.internal_minutes == 240


PORTFOLIO_QUERIES = 8


@pytest.mark.parametrize("size", [2, 12])
def test_the_portfolio_page_costs_the_same_queries_at_any_size(
    size, manager, as_user, django_assert_num_queries
):
    week = date(2026, 11, 9)
    for n in range(size):
        client = make_client(f"Account {n:02d}")
        team_member_add(actor=None, client=client, user=manager, role="account_manager")
        book(manager, client, 2, week=week)
    http = as_user(manager)
    http.get("/")
    with django_assert_num_queries(PORTFOLIO_QUERIES):
        response = http.get(reverse("planning:portfolio"), {"week": week.isoformat()})
    assert response.content.decode().count("Account ") >= size
