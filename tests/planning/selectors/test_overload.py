"""Overload (planning.selectors.overload)."""

from datetime import date

import pytest
from django.urls import reverse

from agencydesk.core.access import SYSTEM
from agencydesk.people.roles import Role
from agencydesk.planning.selectors import overload_list
from tests.factories.people import make_staff

from .helpers import book


def test_overload_list_says_what_pushes_people_over(copywriter, client_a, client_b):
    week = date(2026, 11, 9)
    book(copywriter, client_a, 30, week=week)
    book(copywriter, client_b, 15, week=week)
    book(copywriter, None, 2, tentative=True, week=week)
    calm = make_staff(Role.SPECIALIST, full_name="Calm Person")
    book(calm, client_a, 20, week=week)

    (overload,) = overload_list(viewer=SYSTEM, week=week)

    assert overload.person == copywriter
    assert (overload.cell.percent, overload.over_minutes) == (112, 300)
    assert [(a.client_id, a.minutes) for a in overload.allocations] == [
        (client_a.pk, 1800),
        (client_b.pk, 900),
        (None, 120),
    ]


OVERLOAD_QUERIES = 6


@pytest.mark.parametrize("size", [2, 12])
def test_the_overload_page_costs_the_same_queries_at_any_size(
    size, admin_user, client_a, client_b, as_user, django_assert_num_queries
):
    week = date(2026, 11, 9)
    for n in range(size):
        person = make_staff(Role.SPECIALIST, full_name=f"Busy {n:02d}", country="ID")
        book(person, client_a, 30, week=week)
        book(person, client_b, 15, week=week)
    http = as_user(admin_user)
    http.get("/")
    with django_assert_num_queries(OVERLOAD_QUERIES):
        response = http.get(reverse("planning:overload"), {"week": week.isoformat()})
    assert response.content.decode().count("Busy ") >= size
