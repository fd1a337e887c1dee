"""/notifications: the token person's own bell."""

from agencydesk.core.models import Notification
from agencydesk.core.notifications import notify

from .conftest import api_for

RW = ["notifications:read", "notifications:write"]


def _notices(user, *titles):
    return [notify(recipient=user, verb="test.notice", title=t) for t in titles]


def test_list_unread_and_all_newest_first(contact_a):
    first, second = _notices(contact_a.user, "First", "Second")
    Notification.objects.filter(pk=first.pk).update(read_at=second.created_at)
    api = api_for(contact_a.user, RW)

    everything = api.get("/notifications").json()
    unread = api.get("/notifications", {"unread": "true"}).json()

    assert [n["title"] for n in everything["items"]] == ["Second", "First"]
    assert [n["title"] for n in unread["items"]] == ["Second"]


def test_only_the_persons_own_are_listed_or_marked(contact_a, contact_b):
    (mine,) = _notices(contact_a.user, "Mine")
    (theirs,) = _notices(contact_b.user, "Theirs")
    api = api_for(contact_a.user, RW)

    listed = api.get("/notifications").json()
    refused = api.post(f"/notifications/{theirs.pk}/read")

    assert [n["id"] for n in listed["items"]] == [mine.pk]
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_and_then_all_read(staff):
    one, _two, _three = _notices(staff, "One", "Two", "Three")
    api = api_for(staff, RW)

    marked = api.post(f"/notifications/{one.pk}/read")
    rest = api.post("/notifications/read-all")

    assert marked.status_code == 200
    assert marked.json()["read_at"] is not None
    assert rest.json() == {"marked": 2}
    assert not Notification.objects.filter(recipient=staff, read_at__isnull=True)


def test_reading_needs_the_write_scope(staff):
    (one,) = _notices(staff, "One")
    api = api_for(staff, ["notifications:read"])

    response = api.post(f"/notifications/{one.pk}/read")
    listing = api_for(staff, ["tickets:read"]).get("/notifications")

    assert response.status_code == listing.status_code == 403
    assert response.json()["code"] == "scope_missing"
    one.refresh_from_db()
    assert one.read_at is None


def test_garbage_is_refused_in_the_error_format(staff):
    api = api_for(staff, RW)

    bad_filter = api.get("/notifications", {"unread": "perhaps", "limit": "0"})
    bad_id = api.post("/notifications/abc/read")

    assert bad_filter.status_code == 422
    assert set(bad_filter.json()["fields"]) == {"unread", "limit"}
    assert bad_id.status_code == 404
