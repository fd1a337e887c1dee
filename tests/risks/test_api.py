"""The API's /complaints, /risks and /escalations: create, list, the actions,
scopes and need-to-know, and the webhook events complaint.opened and
risk.escalated."""

from __future__ import annotations

import pytest

from agencydesk.api.models import WebhookEvent
from agencydesk.risks.models import Complaint, Escalation, Risk
from tests.api.conftest import api_for
from tests.api.receiver import Receiver
from tests.api.test_webhooks import subscribe

pytestmark = pytest.mark.django_db

READ = ["risks:read"]
WRITE = ["risks:read", "risks:write"]


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    running = Receiver().start()
    yield running
    running.stop()


def test_complaint_through_the_api_with_its_webhook(
    receiver, lead, own_manager, client_a, django_capture_on_commit_callbacks
):
    subscribe(lead, receiver.url, events=("complaint.opened", "risk.escalated"))
    api = api_for(own_manager, WRITE)
    with django_capture_on_commit_callbacks(execute=True):
        made = api.post(
            "/complaints",
            {"client": client_a.slug, "title": "Late report", "description": "Again"},
        )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "open" and body["owner"] == own_manager.email
    [event] = WebhookEvent.objects.all()
    assert event.type == "complaint.opened"
    assert event.payload["complaint"]["id"] == body["id"]
    assert Escalation.objects.filter(complaint_id=body["id"]).exists()

    cid = body["id"]
    refused = api.post(
        f"/complaints/{cid}/close", {"client_confirmed": True}
    )  # not resolved yet
    assert refused.status_code == 400
    assert api.post(f"/complaints/{cid}/acknowledge").json()["status"] == "acknowledged"
    assert (
        api.post(f"/complaints/{cid}/resolve", {"resolution": "Sent"}).status_code
        == 200
    )
    assert (
        api.post(f"/complaints/{cid}/close", {"client_confirmed": False}).status_code
        == 400
    )
    closed = api.post(f"/complaints/{cid}/close", {"client_confirmed": True})
    assert closed.json()["status"] == "closed"
    assert closed.json()["client_confirmed_on"]
    listed = api.get("/complaints").json()["items"]
    assert [c["id"] for c in listed] == [cid]
    assert api.get(f"/complaints/{cid}").json()["resolution"] == "Sent"


def test_risks_through_the_api_and_risk_escalated(
    receiver, lead, own_manager, client_a, django_capture_on_commit_callbacks
):
    subscribe(lead, receiver.url, events=("risk.escalated",))
    api = api_for(own_manager, WRITE)
    bad = api.post(
        "/risks",
        {"client": client_a.slug, "title": "X", "category": "budget",
         "probability": 6, "impact": 2},
    )  # fmt: skip
    assert bad.status_code == 422
    assert Risk.objects.count() == 0
    made = api.post(
        "/risks",
        {"client": client_a.slug, "title": "Overrun", "category": "budget",
         "probability": 4, "impact": 5, "review_date": "2026-12-01"},
    )  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["score"] == 20
    rid = made.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        up = api.post(f"/risks/{rid}/escalate", {"reason": "Budget is gone"})
    assert up.status_code == 201
    assert up.json()["to"] == [lead.email] and up.json()["about"] == "risk"
    [event] = WebhookEvent.objects.all()
    assert event.type == "risk.escalated"
    assert event.payload["risk"]["score"] == 20
    assert event.payload["escalation"]["reason"] == "Budget is gone"
    assert [r["id"] for r in api.get("/risks").json()["items"]] == [rid]
    assert len(api.get("/escalations").json()["items"]) == 1


def test_scopes_and_need_to_know(own_manager, other_manager, client_a, specialist):
    Complaint.objects.all().delete()
    mine = api_for(own_manager, WRITE).post(
        "/complaints", {"client": client_a.slug, "title": "T", "description": "D"}
    )
    cid = mine.json()["id"]
    other = api_for(other_manager, WRITE)
    assert other.get(f"/complaints/{cid}").status_code == 404
    assert other.post(f"/complaints/{cid}/acknowledge").status_code == 404
    assert other.get("/complaints").json()["items"] == []
    refused = other.post(
        "/complaints", {"client": client_a.slug, "title": "T", "description": "D"}
    )
    assert refused.status_code == 403
    read_only = api_for(own_manager, READ)
    assert read_only.post(f"/complaints/{cid}/acknowledge").status_code == 403
    assert api_for(specialist, READ).get("/complaints").status_code == 403
    assert Complaint.objects.get().status == "open"
