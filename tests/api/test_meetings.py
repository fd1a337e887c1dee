"""/meetings: a client's meetings as the meeting page shows them (staff only:
the portal shows no meetings)."""

from datetime import UTC, date, datetime

import pytest

from agencydesk.clients.models import TeamMember
from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Agency
from agencydesk.meetings.models import ActionItem, Meeting
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

from .conftest import api_for

READ = ["meetings:read"]


def _meeting(client, title, day, **fields):
    return Meeting.objects.create(
        client=client,
        kind="regular",
        title=title,
        starts_at=datetime(2026, 12, day, 9, tzinfo=UTC),
        **fields,
    )


@pytest.fixture
def weekly(client_a, contact_a, staff):
    meeting = _meeting(
        client_a, "Weekly", 3, agenda="Banner", minutes="Agreed", decisions="Go",
        organizer=staff,
    )  # fmt: skip
    meeting.staff.add(staff)
    meeting.contacts.add(contact_a)
    ActionItem.objects.create(
        meeting=meeting, title="Send files", owner=staff, due_date=date(2026, 12, 5)
    )
    return meeting


def test_list_and_get_with_agenda_minutes_and_action_items(
    staff, weekly, client_a, client_b, contact_a
):
    later = _meeting(client_b, "Review", 10)
    api = api_for(staff, READ)

    listed = api.get("/meetings").json()
    got = api.get(f"/meetings/{weekly.pk}").json()

    assert [m["id"] for m in listed["items"]] == [later.pk, weekly.pk]
    assert got["client"] == client_a.slug
    assert (got["agenda"], got["minutes"], got["decisions"]) == (
        "Banner",
        "Agreed",
        "Go",
    )
    assert got["kind_label"] == "Regular meeting"
    assert got["organizer"] == staff.email
    assert [c["email"] for c in got["contacts"]] == [contact_a.user.email]
    [item] = got["action_items"]
    assert (item["title"], item["owner"], item["due_date"]) == (
        "Send files",
        staff.email,
        "2026-12-05",
    )


def test_filters_by_client_and_start_with_a_cursor(staff, weekly, client_a, client_b):
    later = _meeting(client_b, "Review", 10)
    last = _meeting(client_a, "Final", 17)
    api = api_for(staff, READ)

    def ids(**params):
        return [m["id"] for m in api.get("/meetings", params).json()["items"]]

    assert ids(client=client_a.slug) == [last.pk, weekly.pk]
    assert ids(**{"from": "2026-12-04T00:00:00Z"}) == [last.pk, later.pk]
    assert ids(to="2026-12-10T09:00:00Z") == [weekly.pk]
    page = api.get("/meetings", {"limit": 2}).json()
    rest = api.get("/meetings", {"limit": 2, "cursor": page["next_cursor"]}).json()
    assert [m["id"] for m in page["items"] + rest["items"]] == [
        last.pk,
        later.pk,
        weekly.pk,
    ]


def test_a_contacts_token_is_403_as_the_portal_shows_no_meetings(weekly, contact_a):
    api = api_for(contact_a.user, READ)

    for response in (api.get("/meetings"), api.get(f"/meetings/{weekly.pk}")):
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"


def test_a_missing_scope_is_403_in_the_error_format(staff, weekly):
    response = api_for(staff, ["time:read"]).get(f"/meetings/{weekly.pk}")

    assert response.status_code == 403
    assert response.json()["code"] == "scope_missing"
    assert set(response.json()) == {"code", "message", "fields"}


def test_another_clients_meeting_is_404_for_need_to_know_staff(
    weekly, client_a, client_b
):
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    specialist = make_staff(Role.SPECIALIST)
    team_member_add(
        actor=None, client=client_b, user=specialist, role=TeamMember.Role.SPECIALIST
    )
    theirs = _meeting(client_b, "Theirs", 8)
    api = api_for(specialist, READ)

    assert api.get(f"/meetings/{weekly.pk}").status_code == 404
    assert [m["id"] for m in api.get("/meetings").json()["items"]] == [theirs.pk]
    assert api.get("/meetings", {"client": client_a.slug}).json()["items"] == []


def test_garbage_filters_are_422(staff, weekly):
    api = api_for(staff, READ)

    for params in ({"from": "1700000000"}, {"limit": 0}, {"cursor": "x"}):
        response = api.get("/meetings", params)
        assert response.status_code == 422, params
        assert response.json()["code"] == "invalid"
    assert api.get("/meetings/abc").status_code == 404


def test_the_list_costs_the_same_queries_at_any_size(staff, weekly, client_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_for(staff, READ)

    api.get("/meetings")  # the token's first use: its use noted, the kept copy dropped

    def queries():
        api.get("/meetings")
        with CaptureQueriesContext(connection) as captured:
            api.get("/meetings")
        return len(captured)

    one = queries()
    for day in range(4, 12):
        meeting = _meeting(client_a, f"M{day}", day, organizer=staff)
        meeting.staff.add(staff)
        ActionItem.objects.create(meeting=meeting, title="x", owner=staff)

    assert queries() == one
