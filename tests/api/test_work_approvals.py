"""/approvals: rounds for staff, a contact's own requests and decisions."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencydesk.people.roles import Role
from agencydesk.work import services
from agencydesk.work.models import ApprovalRequest, ApprovalRound
from tests.factories.clients import make_contact
from tests.factories.people import make_staff
from tests.work.factories import make_project, make_task

from .conftest import api_for
from .test_webhooks import receiver, subscribe  # noqa: F401 (a fixture)

READ = ["approvals:read"]
WRITE = ["approvals:read", "approvals:write"]


def _round(client, contacts, staff, title="Logo"):
    task = make_task(make_project(client, staff, name=f"{title} project"), "Design")
    deliverable = services.deliverable_create(
        actor=None,
        task=task,
        title=title,
        file=SimpleUploadedFile("logo.pdf", b"%PDF-1.4 logo"),
    )
    return services.approval_send(
        actor=staff, deliverable=deliverable, contacts=contacts
    )


@pytest.fixture
def round_a(client_a, contact_a, staff):
    return _round(client_a, [contact_a], staff, "Alpha logo")


@pytest.fixture
def round_b(client_b, contact_b, staff):
    return _round(client_b, [contact_b], staff, "Bravo logo")


def test_staff_list_and_read_rounds(staff, round_a, round_b, client_a):
    api = api_for(staff, READ)

    waiting = api.get("/approvals").json()
    of_a = api.get("/approvals", {"client": client_a.slug}).json()
    decided = api.get("/approvals", {"state": "decided"}).json()
    one = api.get(f"/approvals/{round_a.pk}").json()

    assert [r["deliverable"] for r in waiting["items"]] == ["Alpha logo", "Bravo logo"]
    assert [r["id"] for r in of_a["items"]] == [round_a.pk]
    assert decided["items"] == []
    assert one["status"] == "pending"
    assert [r["contact"] for r in one["requests"]] == ["Ana Alpha"]


def test_a_contact_lists_only_what_waits_for_them(
    contact_a, round_a, round_b, client_a
):
    colleague = make_contact(client_a, full_name="Colleague Alpha")
    theirs = _round(client_a, [colleague], make_staff(Role.ADMIN), "Theirs")
    api = api_for(contact_a.user, READ)
    mine = ApprovalRequest.objects.get(round=round_a)

    listed = api.get("/approvals/requests").json()
    one = api.get(f"/approvals/requests/{mine.pk}")
    other_client = ApprovalRequest.objects.get(round=round_b)
    colleagues = ApprovalRequest.objects.get(round=theirs)

    assert [r["id"] for r in listed["items"]] == [mine.pk]
    assert listed["items"][0]["deliverable"] == "Alpha logo"
    assert one.json()["refusal"] == ""
    assert api.get(f"/approvals/requests/{other_client.pk}").status_code == 404
    assert api.get(f"/approvals/requests/{colleagues.pk}").status_code == 404
    # Rounds (with every contact's answer and the task) are the agency's.
    assert api.get("/approvals").status_code == 403
    assert api.get(f"/approvals/{round_a.pk}").status_code == 403


def test_a_contact_approves_and_the_round_closes(contact_a, round_a):
    api = api_for(contact_a.user, WRITE)
    mine = ApprovalRequest.objects.get(round=round_a)

    response = api.post(
        f"/approvals/requests/{mine.pk}/decide",
        {"decision": "approved", "version": 1},
    )

    assert response.status_code == 200
    assert response.json()["decision"] == "approved"
    assert response.json()["refusal"] != ""  # decided: no second decision
    round_a.refresh_from_db()
    assert round_a.status == ApprovalRound.Status.APPROVED
    again = api.post(
        f"/approvals/requests/{mine.pk}/decide",
        {"decision": "changes", "comment": "Bigger", "version": 1},
    )
    assert again.status_code == 400
    assert again.json()["code"] == "approval_already_decided"


def test_changes_need_a_comment_and_garbage_changes_nothing(contact_a, round_a):
    api = api_for(contact_a.user, WRITE)
    mine = ApprovalRequest.objects.get(round=round_a)
    path = f"/approvals/requests/{mine.pk}/decide"

    no_comment = api.post(path, {"decision": "changes", "version": 1})
    garbage = api.post(path, {"decision": "maybe", "version": "x", "mood": 1})

    assert no_comment.status_code == 400
    assert no_comment.json()["code"] == "approval_comment_required"
    assert garbage.status_code == 422
    assert set(garbage.json()["fields"]) == {"decision", "version", "mood"}
    mine.refresh_from_db()
    assert mine.decision == ""


def test_a_decision_on_an_older_version_is_409(contact_a, round_a):
    services.version_add(
        actor=None, deliverable=round_a.deliverable, link="https://example.com/v2"
    )
    api = api_for(contact_a.user, WRITE)
    mine = ApprovalRequest.objects.get(round=round_a)

    response = api.post(
        f"/approvals/requests/{mine.pk}/decide", {"decision": "approved", "version": 1}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "approval_version_outdated"
    mine.refresh_from_db()
    assert mine.decision == ""


def test_a_contact_cannot_decide_another_clients_request(contact_a, round_b):
    api = api_for(contact_a.user, WRITE)
    theirs = ApprovalRequest.objects.get(round=round_b)

    response = api.post(
        f"/approvals/requests/{theirs.pk}/decide",
        {"decision": "approved", "version": 1},
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.decision == ""


def test_missing_scope_is_403_and_staff_cannot_decide(staff, contact_a, round_a):
    mine = ApprovalRequest.objects.get(round=round_a)
    reader = api_for(contact_a.user, READ)
    staff_api = api_for(staff, WRITE)
    body = {"decision": "approved", "version": 1}

    refused = reader.post(f"/approvals/requests/{mine.pk}/decide", body)
    by_staff = staff_api.post(f"/approvals/requests/{mine.pk}/decide", body)

    assert refused.status_code == 403
    assert refused.json()["code"] == "scope_missing"
    assert by_staff.status_code == 403
    assert by_staff.json()["code"] == "forbidden"
    mine.refresh_from_db()
    assert mine.decision == ""


def test_a_decision_reaches_a_webhook_receiver(
    receiver,  # noqa: F811
    contact_a,
    round_a,
    django_capture_on_commit_callbacks,
):
    lead = make_staff(Role.AGENCY_LEAD, full_name="Hook Lead")
    subscribe(lead, receiver.url, events=("approval.decided",))
    mine = ApprovalRequest.objects.get(round=round_a)
    api = api_for(contact_a.user, WRITE)

    with django_capture_on_commit_callbacks(execute=True):
        api.post(
            f"/approvals/requests/{mine.pk}/decide",
            {"decision": "changes", "comment": "Bigger please", "version": 1},
        )

    [got] = receiver.received
    body = json.loads(got.body)
    assert got.headers["X-AgencyDesk-Event"] == "approval.decided"
    assert body["data"]["approval"]["decision"] == "changes"
    assert body["data"]["approval"]["comment"] == "Bigger please"
    assert body["data"]["approval"]["deliverable"] == "Alpha logo"
    assert body["data"]["task"]["id"] == round_a.deliverable.task_id
