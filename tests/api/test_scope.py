"""/sows and /change-requests: staff read, draft and send; a contact reads
what the portal shows and decides their client's change requests."""

import datetime
import json
from decimal import Decimal

import pytest

from agencydesk.people.roles import Role
from agencydesk.work import services
from agencydesk.work.models import ChangeRequest, Milestone, Sow
from tests.factories.people import make_staff
from tests.work.factories import make_project

from .conftest import api_for
from .test_webhooks import receiver, subscribe  # noqa: F401 (a fixture)

READ = ["scope:read"]
WRITE = ["scope:read", "scope:write"]


def _sow(client, title="Social retainer", project=None, lines=(("Posts", 12),)):
    sow = services.sow_create(actor=None, client=client, title=title, project=project)
    for what, quantity in lines:
        services.sow_line_add(
            actor=None,
            sow=sow,
            what=what,
            quantity=Decimal(quantity),
            unit="deliverables",
        )
    return sow


def _confirmed(client, contact, **kwargs):
    sow = _sow(client, **kwargs)
    services.sow_send(actor=None, sow=sow, contact=contact)
    return services.sow_confirm(actor=None, sow=sow, contact=contact)


def _sent_cr(sow, contact, title="Landing page"):
    cr = services.change_request_create(
        actor=None, client=sow.client, sow=sow, title=title
    )
    services.change_request_line_add(
        actor=None,
        change_request=cr,
        what="",
        quantity=Decimal(3),
        unit="deliverables",
        sow_line=sow.lines.get(),
    )
    return services.change_request_send(actor=None, change_request=cr, contact=contact)


@pytest.fixture
def sows(client_a, client_b, contact_a, contact_b):
    return {
        "a": _confirmed(client_a, contact_a),
        "a_draft": _sow(client_a, title="Next year"),
        "b": _confirmed(client_b, contact_b, title="Bravo retainer"),
    }


def test_staff_list_filter_and_read_a_sow_with_its_meter(staff, sows, client_a):
    api = api_for(staff, READ)

    listed = api.get("/sows").json()
    of_a = api.get("/sows", {"client": client_a.slug, "status": "confirmed"}).json()
    one = api.get(f"/sows/{sows['a'].pk}").json()

    assert {s["title"] for s in listed["items"]} == {
        "Social retainer",
        "Next year",
        "Bravo retainer",
    }
    assert [s["id"] for s in of_a["items"]] == [sows["a"].pk]
    assert one["status"] == "confirmed"
    assert one["confirmed_by"] == "Ana Alpha"
    [line] = one["lines"]
    assert (line["what"], line["quantity"], line["unit"]) == (
        "Posts",
        "12.00",
        "deliverables",
    )
    [row] = one["meter"]["rows"]
    assert row["line"] == line["id"]
    assert (row["used"], row["contracted"], row["percent"]) == ("0", "12.00", 0)
    assert api.get("/sows", {"status": "bogus"}).status_code == 422


def test_a_contact_sees_their_clients_sent_sows_never_a_draft(contact_a, sows):
    api = api_for(contact_a.user, READ)

    listed = api.get("/sows").json()

    assert [s["id"] for s in listed["items"]] == [sows["a"].pk]
    assert api.get(f"/sows/{sows['a'].pk}").status_code == 200
    assert api.get(f"/sows/{sows['a_draft'].pk}").status_code == 404
    assert api.get(f"/sows/{sows['b'].pk}").status_code == 404
    assert api.get("/sows", {"status": "draft"}).json()["items"] == []


def test_scope_and_permission_are_needed(staff, contact_a, sows):
    no_scope = api_for(staff, ["tickets:read"]).get("/sows")
    specialist = make_staff(Role.SPECIALIST, full_name="Spec Ialist")
    refused = api_for(specialist, WRITE).post(
        "/change-requests", {"sow": sows["a"].pk, "title": "More"}
    )

    assert no_scope.status_code == 403
    assert no_scope.json()["code"] == "scope_missing"
    assert refused.status_code == 403
    assert ChangeRequest.objects.count() == 0
    # A contact drafts nothing.
    by_contact = api_for(contact_a.user, WRITE).post(
        "/change-requests", {"sow": sows["a"].pk, "title": "More"}
    )
    assert by_contact.status_code == 403


def test_staff_draft_a_change_request_with_lines_and_send_it(
    staff, client_a, contact_a, sows
):
    project = make_project(client_a, staff, start=datetime.date(2026, 3, 2))
    sow = _confirmed(client_a, contact_a, title="Launch scope", project=project)
    milestone = Milestone.objects.create(
        project=project, title="Launch", due=datetime.date(2026, 3, 13)
    )
    api = api_for(staff, WRITE)

    made = api.post(
        "/change-requests",
        {
            "sow": sow.pk,
            "title": "Landing page",
            "reason": "Not in the SOW",
            "hours": {"specialist": "10", "account_manager": 2},
            "shift_days": 3,
            "milestones": [milestone.pk],
            "lines": [
                {"what": "Landing pages", "quantity": 1, "period": "project"},
                {"quantity": "3", "sow_line": sow.lines.get().pk},
            ],
        },
    )
    body = made.json()

    assert made.status_code == 201, body
    assert body["status"] == "draft"
    assert body["hours"] == 12.0
    assert body["minutes_by_role"] == {"specialist": 600, "account_manager": 120}
    assert [m["title"] for m in body["milestones"]] == ["Launch"]
    assert [(line["what"], line["quantity"]) for line in body["lines"]] == [
        ("Landing pages", "1.00"),
        ("Posts", "3.00"),
    ]
    # A contact never sees the draft.
    contact_api = api_for(contact_a.user, READ)
    assert contact_api.get(f"/change-requests/{body['id']}").status_code == 404

    sent = api.post(f"/change-requests/{body['id']}/send", {"contact": contact_a.pk})

    assert sent.status_code == 200
    assert sent.json()["status"] == "sent"
    assert ChangeRequest.objects.get().sent_at is not None
    seen = contact_api.get(f"/change-requests/{body['id']}").json()
    assert seen["status"] == "sent"
    assert seen["minutes_by_role"] is None  # the agency's estimate by role
    again = api.post(f"/change-requests/{body['id']}/send", {"contact": contact_a.pk})
    assert again.status_code == 400
    assert again.json()["code"] == "change_request_state"


def test_garbage_and_wrong_choices_change_nothing(staff, sows, contact_b):
    api = api_for(staff, WRITE)
    sow = sows["a"]

    cases = [
        ({"sow": sow.pk}, "title"),
        (
            {"sow": sow.pk, "title": "X", "lines": [{"quantity": -1}]},
            "lines.0.quantity",
        ),
        ({"sow": sow.pk, "title": "X", "lines": [{"quantity": 1, "unit": "kg"}]}, None),
        ({"sow": sow.pk, "title": "X", "colour": "red"}, "colour"),
        ({"sow": sow.pk, "title": "X", "milestones": [999999]}, "milestones"),
        (
            {"sow": sow.pk, "title": "X", "lines": [{"quantity": 1, "sow_line": 9999}]},
            "lines.0.sow_line",
        ),
    ]
    for body, field in cases:
        answer = api.post("/change-requests", body)
        assert answer.status_code == 422, body
        if field:
            assert field in answer.json()["fields"], answer.json()
    # A line without "what" is the service's refusal, and the draft goes too.
    refused = api.post(
        "/change-requests", {"sow": sow.pk, "title": "X", "lines": [{"quantity": 1}]}
    )
    assert refused.status_code == 400
    assert (
        api.post(
            "/change-requests", {"sow": sows["b"].pk + 999, "title": "X"}
        ).status_code
        == 404
    )
    assert ChangeRequest.objects.count() == 0

    cr = services.change_request_create(
        actor=None, client=sow.client, sow=sow, title="Draft"
    )
    other_client = api.post(f"/change-requests/{cr.pk}/send", {"contact": contact_b.pk})
    assert other_client.status_code == 422
    assert "contact" in other_client.json()["fields"]
    cr.refresh_from_db()
    assert cr.status == ChangeRequest.Status.DRAFT


def test_a_contact_decides_their_change_request_as_in_the_portal(
    contact_a, contact_b, sows
):
    mine = _sent_cr(sows["a"], contact_a)
    theirs = _sent_cr(sows["b"], contact_b)
    api = api_for(contact_a.user, WRITE)

    listed = api.get("/change-requests").json()
    not_theirs = api.post(
        f"/change-requests/{theirs.pk}/decide", {"decision": "approve"}
    )
    garbage = api.post(f"/change-requests/{mine.pk}/decide", {"decision": "maybe"})
    approved = api.post(
        f"/change-requests/{mine.pk}/decide",
        {"decision": "approve", "note": "Go ahead"},
    )
    twice = api.post(f"/change-requests/{mine.pk}/decide", {"decision": "reject"})

    assert [c["id"] for c in listed["items"]] == [mine.pk]
    assert not_theirs.status_code == 404
    assert garbage.status_code == 422
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved"
    assert approved.json()["decision_note"] == "Go ahead"
    assert approved.json()["decided_by"] == "Ana Alpha"
    assert twice.status_code == 400
    assert twice.json()["code"] == "change_request_state"
    # The approval raised the SOW's line, as the portal's decision does.
    assert sows["a"].lines.get().quantity == Decimal("15.00")
    theirs.refresh_from_db()
    assert theirs.status == ChangeRequest.Status.SENT


def test_a_withdrawn_request_is_refused_and_staff_do_not_decide(staff, contact_a, sows):
    cr = _sent_cr(sows["a"], contact_a)
    by_staff = api_for(staff, WRITE).post(
        f"/change-requests/{cr.pk}/decide", {"decision": "approve"}
    )
    services.change_request_withdraw(actor=None, change_request=cr)

    withdrawn = api_for(contact_a.user, WRITE).post(
        f"/change-requests/{cr.pk}/decide", {"decision": "approve"}
    )

    assert by_staff.status_code == 403
    assert withdrawn.status_code == 400
    assert withdrawn.json()["code"] == "change_request_state"
    cr.refresh_from_db()
    assert cr.status == ChangeRequest.Status.WITHDRAWN
    assert Sow.objects.get(pk=sows["a"].pk).lines.get().quantity == Decimal("12.00")


def test_a_decision_reaches_a_webhook_receiver(
    receiver,  # noqa: F811
    contact_a,
    sows,
    django_capture_on_commit_callbacks,
):
    lead = make_staff(Role.AGENCY_LEAD, full_name="Hook Lead")
    subscribe(lead, receiver.url, events=("change_request.decided",))
    cr = _sent_cr(sows["a"], contact_a)
    api = api_for(contact_a.user, WRITE)

    with django_capture_on_commit_callbacks(execute=True):
        api.post(
            f"/change-requests/{cr.pk}/decide",
            {"decision": "reject", "note": "Too dear"},
        )

    [got] = receiver.received
    body = json.loads(got.body)
    assert got.headers["X-AgencyDesk-Event"] == "change_request.decided"
    assert body["data"]["verb"] == "change_request.rejected"
    assert body["data"]["decision"] == {
        "decision": "rejected",
        "note": "Too dear",
        "contact": "Ana Alpha",
    }
    assert body["data"]["change_request"]["id"] == cr.pk
    assert body["data"]["change_request"]["status"] == "rejected"
