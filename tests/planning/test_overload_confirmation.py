"""A booking that takes a person past 100% of their week asks for
confirmation and shows the overload (issue #11)."""

from datetime import date

import pytest
from django.urls import reverse

from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.errors import OverloadError
from agencydesk.planning.models import Allocation
from tests.factories.people import make_staff

WEEK = date(2026, 11, 9)  # no public holiday in Indonesia, 40 h available
HTMX = {"HTTP_HX_REQUEST": "true"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(db):
    return make_staff(Role.SPECIALIST, full_name="Wira Writer", country="ID")


def _book(person, client, hours, **kwargs):
    return services.allocation_create(
        actor=None,
        user=person,
        week=WEEK,
        client=client,
        minutes=hours * 60,
        **kwargs,
    )


def test_the_service_refuses_an_overload_unless_confirmed(writer, client_a):
    _book(writer, client_a, 30)

    with pytest.raises(OverloadError) as refusal:
        _book(writer, client_a, 15)

    assert refusal.value.code == "allocation_overload"
    assert "Wira Writer to 112% of their capacity" in refusal.value.message
    assert "45:00 booked for 40:00 available" in refusal.value.message
    assert Allocation.objects.count() == 1
    _book(writer, client_a, 15, confirm=True)
    assert Allocation.objects.count() == 2


def test_exactly_full_and_tentative_bookings_are_not_asked(writer, client_a):
    _book(writer, client_a, 30)
    _book(writer, client_a, 10)  # 100%: full, not over
    _book(writer, client_a, 20, is_tentative=True)  # loads nobody yet

    assert Allocation.objects.count() == 3
    tentative = Allocation.objects.get(is_tentative=True)
    with pytest.raises(OverloadError):
        services.allocation_confirm(actor=None, allocation=tentative)
    services.allocation_confirm(actor=None, allocation=tentative, confirm=True)
    tentative.refresh_from_db()
    assert tentative.is_tentative is False


def test_the_cell_editor_shows_the_overload_and_books_on_confirmation(
    writer, manager, client_a, as_user
):
    _book(writer, client_a, 32)
    http = as_user(manager)
    url = reverse("planning:cell", args=[writer.pk, WEEK.isoformat()])
    data = {"client": client_a.pk, "hours": "12"}

    asked = http.post(url, data, **HTMX)

    body = asked.content.decode()
    assert asked.status_code == 422
    assert "to 110% of their capacity" in body
    assert "44:00 booked for 40:00 available" in body
    assert 'id="overload-confirm"' in body
    assert 'name="confirm" value="1"' in body
    assert Allocation.objects.count() == 1

    booked = http.post(url, {**data, "confirm": "1"}, **HTMX)

    assert booked.status_code == 200
    assert Allocation.objects.count() == 2
    assert "confirmed 44:00" in booked.content.decode()


def test_resizing_past_100_percent_asks_too(writer, manager, client_a, as_user):
    allocation = _book(writer, client_a, 30)
    http = as_user(manager)
    url = reverse("planning:allocation-action", args=[allocation.pk])

    asked = http.post(url, {"action": "update", "hours": "50"}, **HTMX)

    assert asked.status_code == 422
    assert "to 125% of their capacity" in asked.content.decode()
    allocation.refresh_from_db()
    assert allocation.minutes == 30 * 60
    http.post(url, {"action": "update", "hours": "50", "confirm": "1"}, **HTMX)
    allocation.refresh_from_db()
    assert allocation.minutes == 50 * 60


def test_planning_weeks_asks_once_for_the_whole_range(
    writer, manager, client_a, as_user
):
    _book(writer, client_a, 36)
    http = as_user(manager)
    data = {
        "person": writer.pk,
        "client": client_a.pk,
        "hours": "8",
        "first_week": WEEK.isoformat(),
        "weeks": "2",
    }

    asked = http.post(reverse("planning:plan-range"), data)

    assert asked.status_code == 422
    assert "to 110% of their capacity" in asked.content.decode()
    assert Allocation.objects.count() == 1
    done = http.post(reverse("planning:plan-range"), {**data, "confirm": "1"})
    assert done.status_code == 302
    assert Allocation.objects.count() == 3
