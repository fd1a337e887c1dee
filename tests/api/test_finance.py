"""/contracts, /contractors, /documents: the finance pages' reads and writes
with their rules and scopes (modest: the services are tested in tests/finance)."""

import pytest
from cryptography.fernet import Fernet

from agencydesk.clients.services import team_member_add
from agencydesk.finance.models import Contract, Contractor
from agencydesk.people.roles import Role
from tests.factories.finance import make_contract, make_contractor, make_document
from tests.factories.people import make_staff

from .conftest import api_for

READ = ["finance:read"]
WRITE = ["finance:read", "finance:write"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _key(settings, tmp_path):
    settings.SECRETS_KEY = Fernet.generate_key().decode()
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def finance(db):
    return make_staff(Role.FINANCE)


def test_finance_lists_and_syncs_contracts(finance, client_a):
    contract = make_contract(client=client_a, number="N-1")
    make_contract(contractor=make_contractor(), number="S-1", currency="IDR")
    api = api_for(finance, READ)
    body = api.get("/contracts", {"limit": 1}).json()
    assert len(body["items"]) == 1 and body["next_cursor"]
    rest = api.get("/contracts", {"cursor": body["next_cursor"]}).json()
    assert {i["number"] for i in body["items"] + rest["items"]} == {"N-1", "S-1"}
    one = api.get(f"/contracts/{contract.pk}").json()
    assert (one["client"], one["amount"], one["currency"]) == (
        client_a.slug,
        "1000.00",
        "USD",
    )
    later = api.get("/contracts", {"updated_since": "2999-01-01T00:00:00Z"})
    assert later.json()["items"] == []


def test_create_update_and_refusals(finance, client_a):
    api = api_for(finance, WRITE)
    made = api.post(
        "/contracts",
        {
            "number": "API-1",
            "date": "2026-11-04",
            "subject": "Retainer",
            "amount": "900.00",
            "currency": "EUR",
            "client": client_a.slug,
        },
    )
    assert made.status_code == 201, made.content
    contract_id = made.json()["id"]
    assert api.post(
        "/contracts",
        {
            "number": "API-1",
            "date": "2026-11-04",
            "subject": "x",
            "amount": "1",
            "currency": "EUR",
            "client": client_a.slug,
        },
    ).status_code in (400, 409, 422)
    negative = api.patch(f"/contracts/{contract_id}", {"amount": "-1"})
    assert negative.status_code == 422
    # Activating needs the file: refused with a message, nothing changed.
    refused = api.patch(f"/contracts/{contract_id}", {"status": "active"})
    assert 400 <= refused.status_code < 500 and refused.json()["message"]
    assert Contract.objects.get(pk=contract_id).status == "draft"
    document = api.post(
        "/documents",
        {
            "contract": contract_id,
            "kind": "act",
            "title": "Act",
            "date": "2026-11-04",
            "expected_from_them": "Signature",
            "expected_by": "2026-11-10",
        },
    )
    assert document.status_code == 201, document.content
    changed = api.patch(f"/documents/{document.json()['id']}", {"signed_by_them": True})
    assert changed.json()["signed_by_them"] is True


def test_contractors_are_for_finance_and_hide_bank_details(finance, client_a):
    api = api_for(finance, WRITE)
    made = api.post(
        "/contractors",
        {"name": "Lumen", "currency": "IDR", "bank_details": "IBAN 1"},
    )
    assert made.status_code == 201
    assert made.json()["has_bank_details"] is True and "IBAN" not in made.text
    assert Contractor.objects.get().has_bank_details
    manager = make_staff(Role.ACCOUNT_MANAGER)
    assert api_for(manager, READ).get("/contractors").status_code == 403


@pytest.mark.parametrize("currency", ["000", "XYZ"])
def test_a_contractor_in_an_unknown_currency_is_refused(finance, currency):
    api = api_for(finance, WRITE)
    made = api.post("/contractors", {"name": "Lumen", "currency": currency})
    kept = make_contractor(name="Kept", currency="IDR")
    changed = api.patch(f"/contractors/{kept.pk}", {"currency": currency})

    assert made.status_code == 400 and list(made.json()["fields"]) == ["currency"]
    assert changed.status_code == 400 and list(changed.json()["fields"]) == ["currency"]
    assert list(Contractor.objects.values_list("currency", flat=True)) == ["IDR"]


def test_scopes_and_client_scope(finance, client_a, client_b):
    manager = make_staff(Role.ACCOUNT_MANAGER)
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    mine = make_contract(client=client_a)
    theirs = make_contract(client=client_b)
    make_document(theirs)
    api = api_for(manager, READ)
    assert [i["id"] for i in api.get("/contracts").json()["items"]] == [mine.pk]
    assert api.get(f"/contracts/{theirs.pk}").status_code == 404
    assert api.get("/documents").json()["items"] == []
    # Another client's slug as a filter lists nothing (not every contract).
    other = {"client": client_b.slug}
    assert api.get("/contracts", other).json()["items"] == []
    assert api.get("/documents", other).json()["items"] == []
    assert api.patch(f"/contracts/{mine.pk}", {"subject": "x"}).status_code == 403
    specialist = make_staff(Role.SPECIALIST)
    assert api_for(specialist, READ).get("/contracts").status_code == 403
