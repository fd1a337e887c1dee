"""/api/v1/webhooks: list, add and delete, with the webhooks:write scope."""

from __future__ import annotations

import pytest

from agencydesk.api.models import WebhookSubscription
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

from .conftest import api_for


@pytest.fixture
def hooks_api(db):
    lead = make_staff(Role.AGENCY_LEAD, full_name="Api Lead")
    return api_for(lead, scopes=["webhooks:write"])


def delete(api, path):
    return api.http.delete(f"/api/v1{path}", headers=api._headers(None))


def test_a_webhook_is_added_listed_and_deleted(hooks_api, client_a):
    created = hooks_api.post(
        "/webhooks",
        {
            "url": "https://93.184.215.14/hook",
            "event_types": ["ticket.created", "message.created"],
            "client": client_a.slug,
        },
    )
    listed = hooks_api.get("/webhooks")
    hook_id = created.json()["id"]
    deleted = delete(hooks_api, f"/webhooks/{hook_id}")

    assert created.status_code == 201
    assert created.json()["secret"].startswith("whsec_")
    assert created.json()["client"] == client_a.slug
    assert [h["id"] for h in listed.json()["items"]] == [hook_id]
    assert "secret" not in listed.json()["items"][0]
    assert deleted.status_code == 204
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "http://127.0.0.1/hook", "event_types": ["ticket.created"]}, "url"),
        ({"url": "gopher://x.example/", "event_types": ["ticket.created"]}, "url"),
        ({"url": "not a url", "event_types": ["ticket.created"]}, "url"),
        ({"url": "https://93.184.215.14/", "event_types": ["nope"]}, "event_types"),
        (
            {"url": "https://93.184.215.14/", "event_types": ["ticket.created"],
             "client": "no-such-client"},
            "client",
        ),
    ],
)  # fmt: skip
def test_bad_input_is_a_field_error_and_nothing_is_saved(hooks_api, body, field):
    response = hooks_api.post("/webhooks", body)

    assert 400 <= response.status_code < 500
    assert field in response.json()["fields"]
    assert not WebhookSubscription.objects.exists()


def test_the_scope_and_the_role_are_both_needed(db, staff):
    specialist = make_staff(Role.SPECIALIST, full_name="Api Spec")
    body = {"url": "https://93.184.215.14/", "event_types": ["ticket.created"]}

    no_scope = api_for(staff, scopes=["tickets:read"]).post("/webhooks", body)
    no_role = api_for(specialist, scopes=["webhooks:write"]).post("/webhooks", body)

    assert no_scope.status_code == 403
    assert no_scope.json()["code"] == "scope_missing"
    assert no_role.status_code == 403
    assert not WebhookSubscription.objects.exists()
