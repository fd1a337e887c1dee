"""Reads of leave (planning.selectors.leave), the leave page's buttons (the
model's rule), and what the page costs in queries whatever its size."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.models import Leave
from agencydesk.planning.selectors import leave_list
from tests.factories.people import make_staff

START = date(2026, 12, 1)
# The person picker lists nothing until one types.
LEAVE_QUERIES = 3


def _ask(person, days_from_start=0, length=1):
    start = START + timedelta(days=days_from_start)
    return services.leave_request(
        actor=None,
        user=person,
        kind="vacation",
        start=start,
        end=start + timedelta(days=length - 1),
    )


def test_leave_is_listed_newest_first_and_by_status(db):
    person = make_staff(Role.SPECIALIST)
    older, newer = _ask(person, 0), _ask(person, 10)
    services.leave_approve(actor=None, leave=older)

    assert list(leave_list()) == [newer, older]
    assert list(leave_list(status="approved")) == [older]
    assert list(leave_list(user_id=person.pk, status="requested")) == [newer]


def test_the_page_offers_only_what_each_person_may_do(specialist, manager, as_user):
    other = make_staff(Role.SPECIALIST, full_name="Other Person")
    mine, theirs = _ask(specialist, 0), _ask(other, 3)
    decide = reverse("planning:leave-decide", args=[theirs.pk])

    page = as_user(specialist).get(reverse("planning:leave")).content.decode()

    own = reverse("planning:leave-decide", args=[mine.pk])
    assert page.count('value="cancel"') == 1
    assert f'action="{own}"' in page
    assert 'value="approve"' not in page
    response = as_user(specialist).post(decide, {"action": "cancel"})
    assert response.status_code == 403
    assert Leave.objects.get(pk=theirs.pk).status == "requested"

    approver = as_user(manager).get(reverse("planning:leave")).content.decode()
    assert approver.count('value="approve"') == 2
    assert approver.count('value="cancel"') == 2


@pytest.mark.parametrize("size", [2, 12])
def test_the_leave_page_costs_the_same_queries_at_any_size(
    size, manager, as_user, django_assert_num_queries
):
    for n in range(size):
        _ask(make_staff(Role.SPECIALIST, full_name=f"Away {n:02d}"), n)
    http = as_user(manager)
    http.get("/")
    with django_assert_num_queries(LEAVE_QUERIES):
        response = http.get(reverse("planning:leave"))
    assert response.content.decode().count("Away ") >= size
