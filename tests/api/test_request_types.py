"""/request-types: what a new ticket may name, in the caller's language."""

from django.utils import translation

from agencydesk.desk.models import RequestType

from .conftest import api_for


def test_active_request_types_in_the_desks_order(staff):
    RequestType.objects.create(name="Retired kind", is_active=False)
    api = api_for(staff, ["tickets:read"])

    listed = api.get("/request-types", {"limit": 100}).json()

    offered = RequestType.objects.filter(is_active=True).order_by("order", "name")
    assert [t["id"] for t in listed["items"]] == [t.pk for t in offered]
    assert "Retired kind" not in [t["name"] for t in listed["items"]]
    assert listed["next_cursor"] is None


def test_names_come_in_the_callers_language(contact_a):
    api = api_for(contact_a.user, ["tickets:read"])
    banner = RequestType.objects.get(name="Banner for a campaign")
    with translation.override("ru"):
        expected = str(banner)

    listed = api.get(
        "/request-types", {"limit": 100}, headers={"Accept-Language": "ru"}
    )

    names = {t["id"]: t["name"] for t in listed.json()["items"]}
    assert names[banner.pk] == expected != "Banner for a campaign"


def test_pages_with_a_cursor_and_refuses_garbage(staff):
    api = api_for(staff, ["tickets:read"])

    first = api.get("/request-types", {"limit": 1}).json()
    second = api.get("/request-types", {"limit": 1, "cursor": first["next_cursor"]})
    forged = api.get("/request-types", {"cursor": "forged"})
    huge = api.get("/request-types", {"limit": 1000})

    assert second.json()["items"][0]["id"] != first["items"][0]["id"]
    assert forged.status_code == huge.status_code == 422
    assert set(forged.json()["fields"]) == {"cursor"}


def test_a_missing_scope_is_403(staff):
    response = api_for(staff, ["clients:read"]).get("/request-types")

    assert response.status_code == 403
    assert response.json()["code"] == "scope_missing"
