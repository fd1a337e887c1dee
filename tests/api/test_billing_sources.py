"""PATCH /invoices/{id} and the drafts made from sources (/invoices/from-
retainer, /from-time, /from-milestones, /approved-changes): the services of
the pages (their rules are tested in tests/finance), answered in the one
error format."""

import datetime

import pytest
from cryptography.fernet import Fernet

from agencydesk.clients.services import team_member_add
from agencydesk.finance.models import Invoice
from agencydesk.people.roles import Role
from tests.factories.clients import make_client
from tests.factories.finance import make_contract, make_invoice
from tests.factories.people import make_staff
from tests.finance.sources import (
    approve_week,
    approved_change,
    done_milestone,
    log,
    person,
    project_of,
    retainer,
)

from .conftest import api_for

WRITE = ["finance:read", "finance:write"]
MARCH = datetime.date(2026, 3, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _key(settings, tmp_path):
    settings.SECRETS_KEY = Fernet.generate_key().decode()
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def finance(db):
    return make_staff(Role.FINANCE)


@pytest.fixture
def gamma(db):
    return make_client("Gamma Tea", language="en", currency="EUR")


@pytest.fixture
def contract(gamma):
    return make_contract(client=gamma, currency="EUR", tax_rate="10", amount=0)


def test_patch_changes_a_draft_and_refuses_an_issued_invoice(finance, contract):
    draft = make_invoice(contract, finance)
    api = api_for(finance, WRITE)
    line_id = draft.lines.get().pk
    changed = api.patch(
        f"/invoices/{draft.pk}",
        {
            "lines": [
                {"id": line_id, "description": "Design", "unit_price": "200"},
                {"description": "Copy", "quantity": "2", "unit_price": "25.50"},
            ],
            "tax_rate": "0",
            "note": "March",
        },
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["subtotal"], body["total"], body["note"]) == (
        "251.00",
        "251.00",
        "March",
    )
    assert [line["description"] for line in body["lines"]] == ["Design", "Copy"]
    # Only what is sent changes.
    assert api.patch(f"/invoices/{draft.pk}", {"note": ""}).json()["total"] == "251.00"
    bad = api.patch(f"/invoices/{draft.pk}", {"lines": []})
    assert bad.status_code == 422 and "lines" in bad.json()["fields"]
    issued = make_invoice(contract, finance, issue=True)
    refused = api.patch(f"/invoices/{issued.pk}", {"note": "changed"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "invoice_issued"
    issued.refresh_from_db()
    assert issued.note == ""


def test_drafts_from_a_retainer_time_milestones_and_changes(finance, contract, gamma):
    manager = make_staff(Role.ACCOUNT_MANAGER)
    api = api_for(finance, WRITE)
    retainer(gamma, MARCH, "1200")
    change = approved_change(gamma, "Extra banner", "80")
    made = api.post(
        "/invoices/from-retainer",
        {"contract": contract.pk, "month": "2026-03-15"},
        headers={"Idempotency-Key": "retainer-march"},
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert [line["description"] for line in body["lines"]] == [
        "Retainer — March 2026",
        f"Change request CR-{change.pk}: Extra banner",
    ]
    assert (body["status"], body["currency"], body["total"]) == (
        "draft",
        "EUR",
        "1408.00",
    )
    # A retry with the key gets the same answer; without it, a refusal.
    again = api.post(
        "/invoices/from-retainer",
        {"contract": contract.pk, "month": "2026-03-15"},
        headers={"Idempotency-Key": "retainer-march"},
    )
    assert (again.status_code, again.json()["id"]) == (201, body["id"])
    twice = api.post(
        "/invoices/from-retainer", {"contract": contract.pk, "month": "2026-03-01"}
    )
    assert twice.status_code == 400
    assert twice.json()["code"] == "nothing_to_invoice"
    assert "month" in twice.json()["fields"]
    assert Invoice.objects.count() == 1

    ana, dan = person("Ana Art", "80"), person("Dan Dollar", "70", "USD")
    log(ana, gamma, 90)
    approve_week(ana, manager)
    period = {"contract": contract.pk, "first": "2026-03-01", "last": "2026-03-31"}
    timed = api.post("/invoices/from-time", {**period, "group_by": "rate"})
    assert timed.status_code == 201, timed.content
    assert timed.json()["subtotal"] == "120.00"
    log(dan, gamma, 60)
    approve_week(dan, manager)
    foreign = api.post("/invoices/from-time", period)
    assert foreign.status_code == 400 and foreign.json()["code"] == "source_currency"
    bad_group = api.post("/invoices/from-time", {**period, "group_by": "role"})
    assert bad_group.status_code == 422

    project = project_of(gamma, manager)
    contract.projects.add(project)
    launch = done_milestone(project, "Launch", "500")
    billed = api.post(
        "/invoices/from-milestones",
        {"contract": contract.pk, "milestones": [launch.pk]},
    )
    assert billed.status_code == 201 and billed.json()["subtotal"] == "500.00"
    assert (
        api.post("/invoices/from-milestones", {"contract": contract.pk}).status_code
        == 400
    )

    later = approved_change(gamma, "Another page", "40")
    added = api.post(
        "/invoices/approved-changes",
        {"contract": contract.pk, "invoice": body["id"]},
    )
    assert added.status_code == 200, added.content
    assert added.json()["lines"][-1]["description"].endswith("Another page")
    assert later.pk and added.json()["subtotal"] == "1320.00"
    none_left = api.post("/invoices/approved-changes", {"contract": contract.pk})
    assert none_left.json()["code"] == "nothing_to_invoice"


def test_another_clients_contract_is_404_and_a_specialist_403(
    finance, contract, gamma, client_b
):
    retainer(gamma, MARCH, "1200")
    manager = make_staff(Role.ACCOUNT_MANAGER)
    team_member_add(actor=None, client=client_b, user=manager, role="account_manager")
    api = api_for(manager, WRITE)
    body = {"contract": contract.pk, "month": "2026-03-01"}
    assert api.post("/invoices/from-retainer", body).status_code == 404
    draft = make_invoice(contract, finance)
    assert api.patch(f"/invoices/{draft.pk}", {"note": "x"}).status_code == 404
    specialist = make_staff(Role.SPECIALIST)
    assert (
        api_for(specialist, WRITE).post("/invoices/from-retainer", body).status_code
        == 403
    )
    assert not Invoice.objects.exclude(pk=draft.pk).exists()
