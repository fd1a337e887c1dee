"""/time-entries and /timer: the week page's and the entry list's data and
writes, with their rules (locked weeks, whose time, the client scope)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from agencydesk.clients.models import TeamMember
from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Agency
from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.models import TimeEntry, Timer, TimesheetWeek
from agencydesk.timesheets.weeks import monday_of
from tests.factories.people import make_staff

from .conftest import api_for

READ = ["time:read"]
WRITE = ["time:read", "time:write"]
DAY = date(2026, 11, 24)


def _log(user, day=DAY, minutes=60, client=None, **fields):
    return services.time_entry_create(
        actor=user, user=user, day=day, minutes=minutes, client=client, **fields
    )


def _lock(user, day=DAY):
    TimesheetWeek.objects.update_or_create(
        user=user,
        week=monday_of(day),
        defaults={"status": TimesheetWeek.Status.SUBMITTED},
    )


@pytest.fixture
def worker(db):
    return make_staff(Role.SPECIALIST, full_name="Wendy Worker")


def test_record_list_get_change_and_delete_time(worker, client_a):
    api = api_for(worker, WRITE)

    made = api.post(
        "/time-entries",
        {"date": "2026-11-24", "minutes": 90, "client": client_a.slug,
         "project": " Launch ", "note": "Banner"},
    )  # fmt: skip
    assert made.status_code == 201, made.content
    entry = made.json()
    assert entry["client"] == client_a.slug
    assert entry["project"] == "Launch"
    assert entry["minutes"] == 90
    assert entry["person"] == worker.email

    listed = api.get("/time-entries").json()
    assert [e["id"] for e in listed["items"]] == [entry["id"]]
    assert api.get(f"/time-entries/{entry['id']}").json()["note"] == "Banner"

    changed = api.patch(
        f"/time-entries/{entry['id']}", {"minutes": 30, "client": ""}
    ).json()
    assert changed["minutes"] == 30
    assert changed["client"] is None
    assert changed["is_billable"] is False  # internal time bills nobody

    assert api.delete(f"/time-entries/{entry['id']}").status_code == 204
    assert not TimeEntry.objects.exists()


def test_filters_by_person_client_and_dates_with_a_cursor(worker, staff, client_a):
    first = _log(worker, DAY, client=client_a)
    second = _log(worker, DAY + timedelta(days=1))
    other = _log(staff, DAY, client=client_a)
    api = api_for(staff, READ)

    def ids(**params):
        return [e["id"] for e in api.get("/time-entries", params).json()["items"]]

    assert ids(person=worker.email) == [second.pk, first.pk]
    assert ids(client=client_a.slug) == [other.pk, first.pk]
    assert ids(client="internal") == [second.pk]
    assert ids(**{"from": "2026-11-25"}) == [second.pk]
    assert ids(to="2026-11-24") == [other.pk, first.pk]
    page = api.get("/time-entries", {"limit": 2}).json()
    rest = api.get("/time-entries", {"limit": 2, "cursor": page["next_cursor"]})
    assert [e["id"] for e in page["items"] + rest.json()["items"]] == [
        second.pk,
        other.pk,
        first.pk,
    ]


def test_an_approver_may_record_anothers_time_a_specialist_may_not(
    worker, staff, client_a
):
    boss = api_for(staff, WRITE).post(
        "/time-entries",
        {"date": "2026-11-24", "minutes": 15, "person": worker.email},
    )
    mine = api_for(worker, WRITE).post(
        "/time-entries",
        {"date": "2026-11-24", "minutes": 15, "person": staff.email},
    )

    assert boss.status_code == 201
    assert boss.json()["person"] == worker.email
    assert mine.status_code == 400
    assert mine.json()["code"] == "not_your_time"
    assert TimeEntry.objects.count() == 1


def test_a_locked_week_is_refused_and_nothing_changes(worker):
    entry = _log(worker)
    _lock(worker)
    api = api_for(worker, WRITE)

    made = api.post("/time-entries", {"date": "2026-11-25", "minutes": 30})
    changed = api.patch(f"/time-entries/{entry.pk}", {"minutes": 5})
    moved_in = api.post("/time-entries", {"date": "2026-12-01", "minutes": 30})
    deleted = api.delete(f"/time-entries/{entry.pk}")

    for response in (made, changed, deleted):
        assert response.status_code == 409
        assert response.json()["code"] == "timesheet_week_locked"
    assert moved_in.status_code == 201  # the next week is open
    moved = api.patch(f"/time-entries/{moved_in.json()['id']}", {"date": "2026-11-26"})
    assert moved.status_code == 409
    entry.refresh_from_db()
    assert entry.minutes == 60
    assert TimeEntry.objects.filter(date__lt=date(2026, 11, 30)).count() == 1


def test_a_missing_scope_is_403_in_the_error_format(worker):
    entry = _log(worker)
    api = api_for(worker, READ)

    listed = api_for(worker, ["tickets:read"]).get("/time-entries")
    made = api.post("/time-entries", {"date": "2026-11-24", "minutes": 5})
    deleted = api.delete(f"/time-entries/{entry.pk}")
    started = api.post("/timer/start", {})

    for response in (listed, made, deleted, started):
        assert response.status_code == 403
        assert response.json()["code"] == "scope_missing"
        assert set(response.json()) == {"code", "message", "fields"}
    assert TimeEntry.objects.count() == 1
    assert not Timer.objects.exists()


def test_a_contacts_token_sees_no_time(worker, contact_a, client_a):
    entry = _log(worker, client=client_a)
    api = api_for(contact_a.user, WRITE)

    assert api.get("/time-entries").status_code == 403
    assert api.get(f"/time-entries/{entry.pk}").status_code == 404
    made = api.post(
        "/time-entries", {"date": "2026-11-24", "minutes": 5, "client": client_a.slug}
    )
    assert made.status_code == 403
    assert api.get("/timer").status_code == 403
    assert TimeEntry.objects.count() == 1


def test_another_clients_time_is_404_for_need_to_know_staff(
    worker, staff, client_a, client_b
):
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    team_member_add(
        actor=None, client=client_a, user=worker, role=TeamMember.Role.SPECIALIST
    )
    theirs = _log(staff, client=client_b)
    seen = _log(staff, client=client_a)
    api = api_for(worker, WRITE)

    assert api.get(f"/time-entries/{theirs.pk}").status_code == 404
    assert [e["id"] for e in api.get("/time-entries").json()["items"]] == [seen.pk]
    made = api.post(
        "/time-entries", {"date": "2026-11-24", "minutes": 5, "client": client_b.slug}
    )
    assert made.status_code == 404
    assert api.patch(f"/time-entries/{theirs.pk}", {"minutes": 1}).status_code == 404
    assert TimeEntry.objects.count() == 2


def test_garbage_is_422_and_changes_nothing(worker):
    entry = _log(worker)
    api = api_for(worker, WRITE)

    for body in (
        {"date": "24/11/2026", "minutes": 5},
        {"date": "1700000000", "minutes": 5},
        {"date": "2026-11-24", "minutes": 0},
        {"date": "2026-11-24", "minutes": 5, "color": "red"},
    ):
        response = api.post("/time-entries", body)
        assert response.status_code == 422, body
        assert response.json()["code"] == "invalid"
    assert (
        api.patch(f"/time-entries/{entry.pk}", {"minutes": "lots"}).status_code == 422
    )
    assert api.post("/time-entries", raw="{nope").status_code == 400
    assert api.get("/time-entries", {"from": "yesterday"}).status_code == 422
    assert api.get("/time-entries", {"cursor": "forged"}).status_code == 422
    too_much = api.post("/time-entries", {"date": "2026-11-24", "minutes": 24 * 60})
    assert too_much.json()["code"] == "duration_invalid"
    entry.refresh_from_db()
    assert entry.minutes == 60
    assert TimeEntry.objects.count() == 1


def test_a_retried_create_with_the_same_key_records_once(worker):
    api = api_for(worker, WRITE)
    body = {"date": "2026-11-24", "minutes": 45}
    key = {"Idempotency-Key": "sync-77"}

    first = api.post("/time-entries", body, headers=key)
    again = api.post("/time-entries", body, headers=key)

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert TimeEntry.objects.count() == 1


def test_timer_start_current_stop_and_discard(worker, client_a, ticket_a):
    api = api_for(worker, WRITE)

    assert api.get("/timer").json() == {"timer": None}
    started = api.post("/timer/start", {"ticket": ticket_a.number, "note": "Fix"})
    assert started.status_code == 201, started.content
    assert started.json()["client"] == client_a.slug
    again = api.post("/timer/start", {})
    assert again.json()["code"] == "timer_already_running"
    assert api.get("/timer").json()["timer"]["ticket"] == ticket_a.number

    Timer.objects.update(started_at=timezone.now() - timedelta(minutes=25))
    stopped = api.post("/timer/stop")
    assert stopped.status_code == 201
    assert stopped.json()["minutes"] == 25
    assert stopped.json()["ticket"] == ticket_a.number
    assert api.post("/timer/stop").json()["code"] == "timer_not_running"

    api.post("/timer/start", {})
    assert api.post("/timer/discard").status_code == 204
    assert not Timer.objects.exists()
    assert TimeEntry.objects.count() == 1


def test_the_timer_does_not_start_in_a_locked_week(worker):
    _lock(worker, timezone.localdate())
    response = api_for(worker, WRITE).post("/timer/start", {"note": "x"})

    assert response.status_code == 409
    assert not Timer.objects.exists()


def _queries(api, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.get(path)  # the token's first use is noted (once a minute)
    with CaptureQueriesContext(connection) as captured:
        assert api.get(path).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_queries_at_any_size(worker, client_a, ticket_a):
    api = api_for(worker, READ)
    _log(worker, client=client_a, ticket=ticket_a)
    api.get("/time-entries")  # the token's first use: read and kept, its use noted
    one = _queries(api, "/time-entries")
    for _n in range(10):
        _log(worker, DAY + timedelta(days=1), 10, client=client_a, ticket=ticket_a)

    assert _queries(api, "/time-entries") == one
