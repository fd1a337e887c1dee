"""The planner's and leave page's pickers: clients and people typed by key,
id or name, in the viewer's scope."""

from datetime import date

import pytest
from django.urls import reverse

from agencydesk.clients.services import team_member_add
from agencydesk.planning.models import Leave
from tests.factories.clients import make_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["alpha-coffee", "id"])
def test_the_planner_shows_the_team_of_a_client_typed_or_bookmarked(
    typed, manager, specialist, admin_user, client_a, as_user
):
    team_member_add(actor=None, client=client_a, user=specialist, role="specialist")
    make_client("Gamma Tea")
    value = str(client_a.pk) if typed == "id" else typed

    response = as_user(admin_user).get(reverse("planning:planner"), {"team": value})

    people = [row.person for row in response.context["rows"]]
    assert people == [specialist]
    assert b'<option value="alpha-coffee">Alpha Coffee</option>' in response.content
    assert b"Gamma Tea" not in response.content


def test_leave_is_requested_for_a_person_typed_by_address(manager, specialist, as_user):
    as_user(manager).post(
        reverse("planning:leave"),
        {
            "person": specialist.email,
            "kind": "vacation",
            "start": "2026-12-01",
            "end": "2026-12-03",
        },
    )

    assert Leave.objects.get().user == specialist
    assert Leave.objects.get().start == date(2026, 12, 1)
