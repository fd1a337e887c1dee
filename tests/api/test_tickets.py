"""/tickets driven as an outside integration would: the same scoping, rules
and refusals as the pages."""

import pytest

from agencydesk.api.models import IdempotencyKey
from agencydesk.comms.models import OutboundMessage
from agencydesk.desk import services
from agencydesk.desk.models import Message, Ticket
from agencydesk.people.roles import Role
from tests.factories.clients import make_contact
from tests.factories.desk import make_ticket, request_type
from tests.factories.people import make_staff

from .conftest import api_for


def _numbers(response):
    return [row["number"] for row in response.json()["items"]]


def test_a_contact_lists_only_their_clients_tickets(contact_a, ticket_a, ticket_b):
    response = api_for(contact_a.user).get("/tickets")

    assert response.status_code == 200
    assert _numbers(response) == [ticket_a.number]
    row = response.json()["items"][0]
    assert row["client"] == ticket_a.client.slug
    assert row["analyst"] is None


def test_a_contact_token_is_refused_another_clients_ticket(
    contact_a, ticket_a, ticket_b
):
    api = api_for(contact_a.user)

    assert api.get(f"/tickets/{ticket_b.number}").status_code == 404
    assert api.get(f"/tickets/{ticket_b.number}/messages").status_code == 404
    reply = api.post(f"/tickets/{ticket_b.number}/messages", {"body": "Hello?"})
    assert reply.status_code == 404
    assert reply.json()["code"] == "not_found"
    assert ticket_b.messages.count() == 0
    assert api.get("/tickets", {"client": ticket_b.client.slug}).json()["items"] == []


def test_a_contact_never_sees_internal_notes(staff, contact_a, ticket_a):
    services.message_add(actor=staff, ticket=ticket_a, body="Public answer")
    services.message_add(
        actor=staff, ticket=ticket_a, body="Internal: margin is thin", is_internal=True
    )

    as_contact = api_for(contact_a.user).get(f"/tickets/{ticket_a.number}/messages")
    as_staff = api_for(staff).get(f"/tickets/{ticket_a.number}/messages")

    assert [m["body"] for m in as_contact.json()["items"]] == ["Public answer"]
    assert [m["body"] for m in as_staff.json()["items"]] == [
        "Public answer",
        "Internal: margin is thin",
    ]


def test_a_contact_may_reply_but_not_write_an_internal_note(contact_a, ticket_a):
    api = api_for(contact_a.user)

    note = api.post(
        f"/tickets/{ticket_a.number}/messages", {"body": "Psst", "is_internal": True}
    )
    reply = api.post(f"/tickets/{ticket_a.number}/messages", {"body": "Thanks!"})

    assert note.status_code == 403
    assert note.json()["code"] == "forbidden"
    assert reply.status_code == 201
    assert reply.json()["is_internal"] is False
    assert list(ticket_a.messages.values_list("body", flat=True)) == ["Thanks!"]


def test_a_contact_cannot_move_or_assign(contact_a, ticket_a):
    api = api_for(contact_a.user)

    moved = api.post(
        f"/tickets/{ticket_a.number}/move", {"status": "done", "version": 1}
    )

    assert moved.status_code == 403
    assert Ticket.objects.get(pk=ticket_a.pk).status == ticket_a.status


def test_staff_create_reply_move_and_assign(staff, client_a):
    api = api_for(staff)
    analyst = make_staff(Role.SPECIALIST, email="ana@agency.test")

    created = api.post(
        "/tickets", {"client": client_a.slug, "title": "New landing page"}
    )
    number = created.json()["number"]
    note = api.post(
        f"/tickets/{number}/messages", {"body": "Check the brief", "is_internal": True}
    )
    version = api.get(f"/tickets/{number}").json()["version"]
    moved = api.post(
        f"/tickets/{number}/move", {"stage": "production", "version": version}
    )
    assigned = api.post(
        f"/tickets/{number}/assign",
        {"analyst": "ana@agency.test", "version": moved.json()["version"]},
    )

    assert created.status_code == 201
    assert created.json()["channel"] == "api"
    assert note.status_code == 201
    assert note.json()["is_internal"] is True
    assert moved.status_code == 200
    assert moved.json()["stage"] == "production"
    assert assigned.status_code == 200
    assert assigned.json()["analyst"] == analyst.display_name
    ticket = Ticket.objects.get(number=number)
    assert (ticket.stage, ticket.analyst_id) == ("production", analyst.pk)


def test_a_contact_creates_for_their_own_client(contact_a, client_a, client_b):
    api = api_for(contact_a.user)

    own = api.post("/tickets", {"title": "Please fix the logo"})
    other = api.post("/tickets", {"client": client_b.slug, "title": "Sneaky"})

    assert own.status_code == 201
    assert own.json()["client"] == client_a.slug
    assert other.status_code == 404
    assert not client_b.tickets.exists()


def test_staff_create_for_a_contact_who_hears_of_it_by_mail(
    staff, client_a, contact_a, contact_b
):
    api = api_for(staff)

    created = api.post(
        "/tickets",
        {
            "client": client_a.slug,
            "title": "Banner for the sale",
            "requester": contact_a.user.email.upper(),
        },
    )
    strangers = api.post(
        "/tickets",
        {
            "client": client_a.slug,
            "title": "Not theirs",
            "requester": contact_b.user.email,
        },
    )

    assert created.status_code == 201
    assert created.json()["requester"] == contact_a.user.display_name
    ticket = Ticket.objects.get(number=created.json()["number"])
    assert ticket.requester == contact_a
    mails = OutboundMessage.objects.filter(ref=f"desk.ticket:{ticket.pk}:opened")
    assert [m.to for m in mails] == [[contact_a.user.email]]
    assert strangers.status_code == 422
    assert list(strangers.json()["fields"]) == ["requester"]
    assert client_a.tickets.count() == 1


def test_a_contact_cannot_open_a_request_as_a_colleague(contact_a, client_a):
    colleague = make_contact(client_a, full_name="Colleague Alpha")
    api = api_for(contact_a.user)

    as_colleague = api.post(
        "/tickets", {"title": "Hi", "requester": colleague.user.email}
    )
    as_self = api.post("/tickets", {"title": "Hi", "requester": contact_a.user.email})

    assert as_colleague.status_code == 422
    assert list(as_colleague.json()["fields"]) == ["requester"]
    assert as_self.status_code == 201
    assert list(client_a.tickets.values_list("requester", flat=True)) == [contact_a.pk]


def test_assigning_someone_not_on_staff_is_a_field_error(staff, ticket_a):
    response = api_for(staff).post(
        f"/tickets/{ticket_a.number}/assign", {"analyst": "nobody@x.test", "version": 1}
    )

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["analyst"]


def test_a_stale_move_is_409_and_changes_nothing(staff, ticket_a):
    api = api_for(staff)
    services.ticket_move(actor=staff, ticket=ticket_a, stage="production")

    response = api.post(
        f"/tickets/{ticket_a.number}/move", {"status": "done", "version": 1}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "ticket_changed"
    assert response.json()["fields"] == {}
    assert Ticket.objects.get(pk=ticket_a.pk).status == "open"


def test_a_retried_create_makes_one_ticket(staff, client_a):
    api = api_for(staff)
    body = {"client": client_a.slug, "title": "Retry me"}
    key = {"Idempotency-Key": "7d1c-42"}

    first = api.post("/tickets", body, headers=key)
    again = api.post("/tickets", dict(reversed(list(body.items()))), headers=key)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert client_a.tickets.count() == 1


def test_a_key_replayed_with_another_body_is_422(staff, client_a):
    api = api_for(staff)
    key = {"Idempotency-Key": "7d1c-43"}
    api.post("/tickets", {"client": client_a.slug, "title": "One"}, headers=key)

    response = api.post(
        "/tickets", {"client": client_a.slug, "title": "Two"}, headers=key
    )

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert list(client_a.tickets.values_list("title", flat=True)) == ["One"]


def test_a_refused_create_keeps_no_key(staff, client_a):
    api = api_for(staff)
    key = {"Idempotency-Key": "7d1c-44"}
    api.post("/tickets", {"client": "no-such-client", "title": "One"}, headers=key)

    response = api.post(
        "/tickets", {"client": client_a.slug, "title": "One"}, headers=key
    )

    assert response.status_code == 201
    assert IdempotencyKey.objects.count() == 1


def test_an_unchanged_ticket_answers_304_to_its_etag(staff, ticket_a):
    api = api_for(staff)
    first = api.get(f"/tickets/{ticket_a.number}")
    etag = first["ETag"]

    same = api.get(f"/tickets/{ticket_a.number}", headers={"If-None-Match": etag})
    services.ticket_move(actor=staff, ticket=ticket_a, stage="production")
    changed = api.get(f"/tickets/{ticket_a.number}", headers={"If-None-Match": etag})

    assert first.status_code == 200
    assert same.status_code == 304
    assert same.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.parametrize("ordering", ["updated", "created", "number"])
def test_cursor_pages_walk_every_ticket_once(staff, client_a, ordering):
    made = {make_ticket(client_a, title=f"Ticket {n}").number for n in range(12)}
    api = api_for(staff)

    seen, cursor, pages = [], "", 0
    while True:
        params = {"limit": 5, "ordering": ordering, "cursor": cursor}
        page = api.get("/tickets", params).json()
        seen += [row["number"] for row in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break

    assert pages == 3
    assert len(seen) == len(set(seen)) == 12
    assert set(seen) == made


def test_filters_narrow_the_list(staff, client_a, client_b):
    a1 = make_ticket(client_a, title="Alpha banner")
    make_ticket(client_a, title="Alpha video")
    b1 = make_ticket(client_b, title="Bravo banner")
    services.ticket_move(actor=staff, ticket=b1, stage="production")
    api = api_for(staff)

    by_client = api.get("/tickets", {"client": client_a.slug, "q": "banner"})
    by_stage = api.get("/tickets", {"stage": "production"})

    assert _numbers(by_client) == [a1.number]
    assert _numbers(by_stage) == [b1.number]


# The tickets' rows, then the names they point at (clients, request types,
# people) in one union; a contact's get reads their client first.
LIST_QUERIES = 3
GET_QUERIES = 4


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_costs_the_same_queries_at_any_size(
    rows, staff, client_a, django_assert_num_queries
):
    for n in range(rows):
        make_ticket(client_a, title=f"Ticket {n}")
    api = api_for(staff)
    api.get("/tickets")  # the token's first use is noted (once a minute)

    with django_assert_num_queries(LIST_QUERIES):
        response = api.get("/tickets")

    assert len(response.json()["items"]) == rows


@pytest.mark.parametrize("replies", [1, 10])
def test_a_ticket_costs_the_same_queries_at_any_size(
    replies, staff, contact_a, ticket_a, django_assert_num_queries
):
    for n in range(replies):
        services.message_add(actor=staff, ticket=ticket_a, body=f"Reply {n}")
    api = api_for(contact_a.user)
    api.get("/tickets")

    with django_assert_num_queries(GET_QUERIES):
        response = api.get(f"/tickets/{ticket_a.number}")

    assert response.json()["number"] == ticket_a.number
    assert Message.objects.filter(ticket=ticket_a).count() == replies


def test_a_ticket_reads_the_same_in_the_list_the_get_and_its_own_answer(
    staff, contact_a, client_a
):
    """One shape everywhere: the names a ticket points at (client, request
    type, requester, owners) and its times, whichever call shows it; a
    contact sees the same ticket without the people working on it."""
    analyst = make_staff(Role.SPECIALIST, email="ana@agency.test", full_name="")
    owner = make_staff(Role.SPECIALIST, full_name="Olga Owner")
    ticket = make_ticket(
        client_a,
        requester=contact_a,
        request_type=request_type("Banner for a campaign"),
    )
    ticket = services.ticket_assign(
        actor=staff, ticket=ticket, analyst=analyst, production_owner=owner
    )
    api = api_for(staff)

    listed = api.get("/tickets").json()["items"][0]
    got = api.get(f"/tickets/{ticket.number}").json()
    answered = api.post(
        f"/tickets/{ticket.number}/move",
        {"stage": "analysis", "version": ticket.version},
    ).json()

    assert listed == got
    assert {
        key: got[key]
        for key in (
            "reference",
            "client",
            "client_name",
            "request_type",
            "requester",
            "analyst",
            "production_owner",
        )
    } == {
        "reference": ticket.reference,
        "client": client_a.slug,
        "client_name": client_a.name,
        "request_type": "Banner for a campaign",
        "requester": "Ana Alpha",
        "analyst": "ana@agency.test",  # no name: the e-mail, as the pages show
        "production_owner": "Olga Owner",
    }
    assert got["created_at"].endswith("Z")
    assert answered["stage"] == "analysis"
    assert answered["version"] == got["version"] + 1
    assert {
        k: v for k, v in answered.items() if k not in ("stage", "version", "updated_at")
    } == {k: v for k, v in got.items() if k not in ("stage", "version", "updated_at")}
    created = api.post("/tickets", {"client": client_a.slug, "title": "New"}).json()
    assert created == api.get(f"/tickets/{created['number']}").json()
    seen_by_contact = api_for(contact_a.user).get(f"/tickets/{ticket.number}").json()
    assert (seen_by_contact["analyst"], seen_by_contact["production_owner"]) == (
        None,
        None,
    )
    assert seen_by_contact["requester"] == "Ana Alpha"
