"""/timeline: a client's events, as the client page shows them."""

from datetime import timedelta

from django.utils import timezone

from agencydesk.core.models import Event
from agencydesk.core.timeline import timeline_record

from .conftest import api_for

READ = ["timeline:read"]


def test_staff_read_a_clients_events_newest_first(staff, client_a, ticket_a):
    timeline_record(actor=staff, client_id=client_a.pk, verb="client.updated", data={})
    api = api_for(staff, READ)

    page = api.get("/timeline", {"client": client_a.slug, "limit": 100}).json()

    ids = list(
        Event.objects.filter(client=client_a)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert [e["id"] for e in page["items"]] == ids
    newest = page["items"][0]
    assert newest["verb"] == "client.updated"
    assert newest["actor"] == "Api Admin"
    assert newest["text"] == "Api Admin updated the account details."


def test_since_keeps_later_events_and_kind_filters(staff, client_a):
    old = timeline_record(actor=None, client_id=client_a.pk, verb="client.updated")
    since = timezone.now() + timedelta(microseconds=1)
    api = api_for(staff, READ)

    later = api.get("/timeline", {"client": client_a.slug, "since": since.isoformat()})
    accounts = api.get("/timeline", {"client": client_a.slug, "kind": "client"})

    assert later.json()["items"] == []
    assert old.pk in [e["id"] for e in accounts.json()["items"]]


def test_the_text_comes_in_the_callers_language(staff, client_a):
    timeline_record(actor=None, client_id=client_a.pk, verb="client.updated")
    api = api_for(staff, READ)

    english = api.get("/timeline", {"client": client_a.slug}).json()
    russian = api.get(
        "/timeline", {"client": client_a.slug}, headers={"Accept-Language": "ru"}
    ).json()

    assert english["items"][0]["text"] != russian["items"][0]["text"]


def test_contacts_are_refused_the_timeline(contact_a, client_a):
    response = api_for(contact_a.user, READ).get("/timeline", {"client": client_a.slug})

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_an_unknown_client_is_404_and_garbage_422(staff):
    api = api_for(staff, READ)

    unknown = api.get("/timeline", {"client": "no-such-client"})
    garbage = api.get("/timeline", {"since": "yesterday", "kind": "nothing"})

    assert unknown.status_code == 404
    assert garbage.status_code == 422
    assert set(garbage.json()["fields"]) == {"client", "since", "kind"}


def test_a_missing_scope_is_403(staff, client_a):
    response = api_for(staff, ["clients:read"]).get(
        "/timeline", {"client": client_a.slug}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "scope_missing"
