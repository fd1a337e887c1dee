"""Time pages' client and person pickers: typed keys, ids and names resolve
in the viewer's scope; "internal" stays a choice of the entry list."""

from datetime import date

import pytest
from django.urls import reverse

from agencydesk.clients.services import client_set_status
from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.models import TimeEntry
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db

CHOOSE = "Choose one of the suggestions: type a name or an e-mail address."
DAY = date(2026, 11, 3)


@pytest.fixture
def worker(db):
    return make_staff(Role.SPECIALIST, full_name="Wendy Worker")


def _entry(http, client):
    return http.post(
        reverse("timesheets:entry-create") + "?week=2026-11-02",
        {"day": DAY.isoformat(), "client": client, "duration": "1:00"},
    )


@pytest.mark.parametrize("typed", ["alpha-coffee", "Alpha Coffee", "id"])
def test_time_is_recorded_for_a_client_typed_or_picked(
    typed, worker, client_a, as_user
):
    _entry(as_user(worker), str(client_a.pk) if typed == "id" else typed)

    assert TimeEntry.objects.get().client == client_a


def test_time_of_no_client_is_internal(worker, client_a, as_user):
    _entry(as_user(worker), "")

    assert TimeEntry.objects.get().client is None


def test_an_archived_client_is_refused(worker, client_a, as_user):
    client_set_status(actor=None, client=client_a, status="archived")

    response = _entry(as_user(worker), "alpha-coffee")

    assert response.status_code == 422
    assert response.context["form"].errors["client"] == [CHOOSE]
    assert TimeEntry.objects.count() == 0


def _entries(worker, manager, client_a):
    services.time_entry_create(
        actor=None, user=worker, day=DAY, minutes=60, client=client_a
    )
    services.time_entry_create(actor=None, user=manager, day=DAY, minutes=30)


@pytest.mark.parametrize(
    ("params", "minutes"),
    [
        ({"client": "alpha-coffee"}, [60]),
        ({"client": "internal"}, [30]),
        ({"client": "Internal"}, [30]),
        ({"person": "Wendy Worker"}, [60]),
    ],
)
def test_the_entry_list_filters_by_typed_client_or_person(
    params, minutes, worker, manager, admin_user, client_a, as_user
):
    _entries(worker, manager, client_a)

    page = as_user(admin_user).get(reverse("timesheets:entry-list"), params)

    assert sorted(e.minutes for e in page.context["page"].object_list) == sorted(
        minutes
    )


def test_the_entry_list_takes_an_old_bookmark_by_ids(
    worker, manager, admin_user, client_a, as_user
):
    _entries(worker, manager, client_a)

    page = as_user(admin_user).get(
        reverse("timesheets:entry-list"),
        {"client": str(client_a.pk), "person": str(worker.pk)},
    )

    assert [e.minutes for e in page.context["page"].object_list] == [60]
    assert b'value="alpha-coffee"' in page.content
    assert f'value="{worker.email}"'.encode() in page.content


def test_a_rate_is_set_for_a_person_typed_by_address(admin_user, worker, as_user):
    as_user(admin_user).post(
        reverse("timesheets:rates"),
        {
            "kind": "cost",
            "person": worker.email,
            "hourly_amount": "10",
            "currency": "IDR",
            "effective_from": "2026-01-01",
        },
    )

    assert worker.rates.get().hourly_amount == 10
