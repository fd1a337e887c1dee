"""Every refusal has one body, in the caller's language; bad input is a 4xx."""

import json

import pytest

from agencydesk.desk.models import Ticket

from .conftest import api_for


def _body(response):
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    return body


def test_unknown_fields_are_refused_with_the_field_named(staff, client_a):
    api = api_for(staff)

    response = api.post(
        "/tickets", {"client": client_a.slug, "title": "Banner", "colour": "red"}
    )

    assert response.status_code == 422
    body = _body(response)
    assert body["code"] == "invalid"
    assert body["fields"] == {"colour": ["This field is not accepted here."]}
    assert Ticket.objects.count() == 0


def test_wrong_types_and_missing_fields_are_422_with_each_field(staff, ticket_a):
    api = api_for(staff)

    response = api.post(
        f"/tickets/{ticket_a.number}/move", {"version": "soon", "stage": 5}
    )

    assert response.status_code == 422
    assert _body(response)["fields"] == {
        "version": ["Enter a whole number."],
        "stage": ["Enter a valid value."],
    }


def test_a_missing_field_and_a_bad_choice(staff, client_a):
    api = api_for(staff)

    response = api.post("/tickets", {"client": client_a.slug, "priority": "asap"})

    assert response.status_code == 422
    assert _body(response)["fields"] == {
        "title": ["This field is required."],
        "priority": [
            "Select a valid choice. That choice is not one of the available choices."
        ],
    }


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"', "null"])
def test_a_body_that_is_not_an_object_is_a_4xx(staff, raw):
    api = api_for(staff)

    response = api.post("/tickets", raw=raw)

    assert response.status_code in (400, 422)
    assert _body(response)["code"] in ("bad_request", "invalid")


def test_bad_query_values_are_422(staff):
    api = api_for(staff)

    response = api.get(
        "/tickets",
        {"limit": "1000", "updated_since": "yesterday", "status": "lost"},
    )

    assert response.status_code == 422
    assert set(_body(response)["fields"]) == {"limit", "updated_since", "status"}


def test_an_unknown_query_parameter_is_refused_not_ignored(staff, ticket_a, client):
    """A misspelt filter would otherwise answer every ticket as if unfiltered."""
    api = api_for(staff)

    response = api.get("/tickets", {"stgae": "done", "limit": "5"})

    assert response.status_code == 422
    assert _body(response)["fields"] == {"stgae": ["This field is not accepted here."]}
    # An operation without query parameters refuses any.
    assert api.get(f"/tickets/{ticket_a.number}", {"x": "1"}).status_code == 422
    assert api.get("/tickets", {"stage": ticket_a.stage}).status_code == 200
    # The token is checked first: without one the answer is 401, not 422.
    assert client.get("/api/v1/tickets", {"stgae": "done"}).status_code == 401


def test_a_forged_cursor_is_422(staff, ticket_a):
    response = api_for(staff).get("/tickets", {"cursor": "abc"})

    assert response.status_code == 422
    assert _body(response)["fields"] == {"cursor": ["Enter a valid value."]}


def test_a_huge_body_is_413_and_nothing_is_made(staff, client_a, settings):
    settings.API_MAX_BODY_BYTES = 10_000
    api = api_for(staff)
    body = {"client": client_a.slug, "title": "Big", "description": "x" * 20_000}

    response = api.post("/tickets", raw=json.dumps(body))

    assert response.status_code == 413
    assert _body(response)["code"] == "body_too_large"
    assert Ticket.objects.count() == 0


def test_an_unknown_address_is_404_in_the_format(staff):
    response = api_for(staff).get("/tickets/999999")

    assert response.status_code == 404
    assert _body(response)["code"] == "not_found"


def test_messages_follow_accept_language(staff, client_a):
    api = api_for(staff)

    response = api.post(
        "/tickets", {"client": client_a.slug}, headers={"Accept-Language": "id"}
    )

    assert response.status_code == 422
    # Django's own Indonesian sentence for a required field.
    assert _body(response)["fields"] == {"title": ["Bidang ini tidak boleh kosong."]}


def test_the_schema_and_docs_are_served(db):
    from django.test import Client as HttpClient

    http = HttpClient()
    schema = http.get("/api/v1/openapi.json").json()
    docs = http.get("/api/v1/docs")

    assert schema["info"]["title"] == "Agency Desk API"
    assert "/api/v1/tickets/{number}" in schema["paths"]
    assert docs.status_code == 200
    assert b"swagger-ui-bundle.js" in docs.content


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "address",
    ["/tickets/not-a-number/move", "/onboarding-runs/%7F%0A%C2%9B", "/tickets/1%0A"],
)
def test_an_address_no_endpoint_answers_is_a_json_404(staff, method, address):
    """Not the site's HTML page: an integration parses every answer as JSON,
    even for an address holding an encoded newline."""
    api = api_for(staff)

    response = getattr(api, method)(address)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"
