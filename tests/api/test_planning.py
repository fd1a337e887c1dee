"""/allocations and /capacity: the planner's bookings and grid, with its
rules (leave, overload, who may plan, the client scope)."""

from datetime import date

import pytest

from agencydesk.clients.models import TeamMember
from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Agency
from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.models import Allocation, Leave
from tests.factories.people import make_staff

from .conftest import api_for

READ = ["planning:read"]
WRITE = ["planning:read", "planning:write"]
WEEK = date(2026, 11, 23)  # a Monday without public holidays (no country)


@pytest.fixture
def planner(db):
    return make_staff(Role.ACCOUNT_MANAGER, full_name="Paula Planner")


@pytest.fixture
def worker(db):
    return make_staff(Role.SPECIALIST, full_name="Wendy Worker")


def _book(user, minutes=600, client=None, week=WEEK, **fields):
    return services.allocation_create(
        actor=None, user=user, week=week, minutes=minutes, client=client, **fields
    )


def test_book_list_get_change_and_delete(planner, worker, client_a):
    api = api_for(planner, WRITE)

    made = api.post(
        "/allocations",
        {"person": worker.email, "week": "2026-11-25", "client": client_a.slug,
         "minutes": 480, "is_tentative": True, "note": "Launch"},
    )  # fmt: skip
    assert made.status_code == 201, made.content
    booking = made.json()
    assert booking["week"] == "2026-11-23"  # the week's Monday
    assert booking["person"] == worker.email
    assert booking["client"] == client_a.slug

    assert [a["id"] for a in api.get("/allocations").json()["items"]] == [booking["id"]]
    assert api.get(f"/allocations/{booking['id']}").json()["note"] == "Launch"
    changed = api.patch(
        f"/allocations/{booking['id']}", {"percent": "50", "is_tentative": False}
    ).json()
    assert changed["minutes"] == 20 * 60  # half of a 40-hour week
    assert changed["is_tentative"] is False

    assert api.delete(f"/allocations/{booking['id']}").status_code == 204
    assert not Allocation.objects.exists()


def test_filters_by_person_client_and_week_with_a_cursor(
    planner, worker, client_a, client_b
):
    first = _book(worker, client=client_a)
    internal = _book(worker, 60)
    later = _book(planner, client=client_b, week=date(2026, 11, 30))
    api = api_for(planner, READ)

    def ids(**params):
        return [a["id"] for a in api.get("/allocations", params).json()["items"]]

    assert ids(person=worker.email) == [first.pk, internal.pk]
    assert ids(client=client_b.slug) == [later.pk]
    assert ids(client="internal") == [internal.pk]
    assert ids(week="2026-12-02") == [later.pk]
    assert ids(**{"from": "2026-12-01"}) == [later.pk]  # weeks from that one's
    assert ids(to="2026-11-29") == [first.pk, internal.pk]
    page = api.get("/allocations", {"limit": 2}).json()
    rest = api.get("/allocations", {"limit": 2, "cursor": page["next_cursor"]})
    assert [a["id"] for a in page["items"] + rest.json()["items"]] == [
        first.pk,
        internal.pk,
        later.pk,
    ]


def test_capacity_shows_capacity_bookings_and_leave(planner, worker):
    _book(worker, 600)
    _book(worker, 120, is_tentative=True)
    Leave.objects.create(
        user=worker,
        kind=Leave.Kind.choices[0][0],
        start=date(2026, 11, 26),
        end=date(2026, 11, 27),
        status=Leave.Status.APPROVED,
    )
    api = api_for(planner, READ)

    body = api.get(
        "/capacity", {"start": "2026-11-23", "weeks": 2, "person": worker.email}
    ).json()

    [row] = body["items"]
    assert row["person"] == worker.email
    first, second = row["weeks"]
    assert first["week"] == "2026-11-23"
    assert first["weekly_minutes"] == 40 * 60
    assert first["leave_minutes"] == 16 * 60
    assert first["available_minutes"] == 24 * 60
    assert first["confirmed_minutes"] == 600
    assert first["tentative_minutes"] == 120
    assert first["percent"] == 41
    assert second["confirmed_minutes"] == 0
    assert second["leave_minutes"] == 0
    everyone = api.get("/capacity", {"limit": 1}).json()
    assert len(everyone["items"]) == 1
    assert everyone["next_cursor"]


def test_an_overload_needs_confirm_and_leave_refuses(planner, worker):
    Leave.objects.create(
        user=worker,
        kind=Leave.Kind.choices[0][0],
        start=date(2026, 11, 30),
        end=date(2026, 12, 6),
        status=Leave.Status.APPROVED,
    )
    api = api_for(planner, WRITE)
    body = {"person": worker.email, "week": "2026-11-23", "minutes": 50 * 60}

    over = api.post("/allocations", body)
    on_leave = api.post("/allocations", {**body, "week": "2026-11-30"})
    assert over.status_code == 400
    assert over.json()["code"] == "allocation_overload"
    assert on_leave.json()["code"] == "allocation_on_leave"
    assert not Allocation.objects.exists()
    assert api.post("/allocations", {**body, "confirm": True}).status_code == 201


def test_a_specialist_reads_but_may_not_plan(worker, planner):
    booking = _book(planner)
    api = api_for(worker, WRITE)

    assert api.get("/allocations").status_code == 200
    made = api.post(
        "/allocations", {"person": worker.email, "week": "2026-11-23", "minutes": 60}
    )
    assert made.status_code == 403
    assert made.json()["code"] == "forbidden"
    assert api.delete(f"/allocations/{booking.pk}").status_code == 403
    assert Allocation.objects.count() == 1


def test_a_missing_scope_is_403_in_the_error_format(planner, worker):
    booking = _book(worker)
    api = api_for(planner, READ)

    for response in (
        api_for(planner, ["time:read"]).get("/capacity"),
        api.post("/allocations", {"person": worker.email, "week": "2026-11-23"}),
        api.delete(f"/allocations/{booking.pk}"),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "scope_missing"
        assert set(response.json()) == {"code", "message", "fields"}
    assert Allocation.objects.count() == 1


def test_a_contacts_token_sees_no_planning(worker, contact_a, client_a):
    booking = _book(worker, client=client_a)
    api = api_for(contact_a.user, WRITE)

    assert api.get("/allocations").status_code == 403
    assert api.get("/capacity").status_code == 403
    assert api.get(f"/allocations/{booking.pk}").status_code == 403
    assert api.delete(f"/allocations/{booking.pk}").status_code == 403
    assert Allocation.objects.count() == 1


def test_another_clients_booking_is_404_for_need_to_know_staff(
    planner, worker, client_a, client_b
):
    # Only specialists and finance are scoped (and they read, never plan).
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    team_member_add(
        actor=None, client=client_a, user=worker, role=TeamMember.Role.SPECIALIST
    )
    theirs = _book(planner, client=client_b)
    seen = _book(planner, 60, client=client_a)
    api = api_for(worker, READ)

    assert api.get(f"/allocations/{theirs.pk}").status_code == 404
    assert [a["id"] for a in api.get("/allocations").json()["items"]] == [seen.pk]
    assert api.get("/allocations", {"client": client_b.slug}).json()["items"] == []


def test_garbage_is_422_and_changes_nothing(planner, worker):
    booking = _book(worker)
    api = api_for(planner, WRITE)

    for body in (
        {"person": worker.email, "week": "soon", "minutes": 60},
        {"person": worker.email, "week": "2026-11-23"},  # neither hours nor %
        {"person": worker.email, "week": "2026-11-23", "minutes": 6, "percent": 5},
        {"person": worker.email, "week": "2026-11-23", "percent": 0},
        {"person": "nobody@example.com", "week": "2026-11-23", "minutes": 60},
        {"person": worker.email, "week": "2026-11-23", "minutes": 60, "x": 1},
    ):
        response = api.post("/allocations", body)
        assert response.status_code == 422, body
        assert response.json()["code"] == "invalid"
    assert api.patch(f"/allocations/{booking.pk}", {"minutes": -1}).status_code == 422
    assert api.get("/capacity", {"weeks": 99}).status_code == 422
    assert api.get("/allocations", {"week": "1700000000"}).status_code == 422
    booking.refresh_from_db()
    assert booking.minutes == 600
    assert Allocation.objects.count() == 1


def test_a_retried_booking_with_the_same_key_books_once(planner, worker):
    api = api_for(planner, WRITE)
    body = {"person": worker.email, "week": "2026-11-23", "minutes": 60}
    key = {"Idempotency-Key": "plan-9"}

    first = api.post("/allocations", body, headers=key)
    again = api.post("/allocations", body, headers=key)

    assert first.json() == again.json()
    assert Allocation.objects.count() == 1


def _queries(api, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.get(path)  # the token's first use is noted (once a minute)
    with CaptureQueriesContext(connection) as captured:
        assert api.get(path).status_code == 200
    return len(captured)


def test_lists_cost_the_same_queries_at_any_size(planner, client_a):
    api = api_for(planner, READ)
    first = make_staff(Role.SPECIALIST)
    _book(first, client=client_a)
    capacity = "/capacity?start=2026-11-23&weeks=4"
    api.get("/allocations")  # the token's first use: read and kept, its use noted
    one = (_queries(api, "/allocations"), _queries(api, capacity))
    for n in range(8):
        _book(make_staff(Role.SPECIALIST), 60 + n, client=client_a)

    assert (_queries(api, "/allocations"), _queries(api, capacity)) == one
