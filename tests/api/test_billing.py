"""/invoices, /payments, /acts, /bills: the same services as the pages, with
their refusals as 4xx and the finance scopes (the rules are tested in
tests/finance)."""

import pytest
from cryptography.fernet import Fernet

from agencydesk.api.models import WebhookEvent
from agencydesk.clients.services import team_member_add
from agencydesk.finance.models import Invoice, Payment
from agencydesk.people.roles import Role
from tests.factories.finance import (
    make_contract,
    make_contractor,
    make_invoice,
)
from tests.factories.people import make_staff

from .conftest import api_for
from .receiver import Receiver
from .test_webhooks import subscribe

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


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    running = Receiver().start()
    yield running
    running.stop()


def test_draft_issue_pay_reverse_and_credit(finance, client_a):
    contract = make_contract(client=client_a, currency="EUR", net_days=7)
    api = api_for(finance, WRITE)
    made = api.post(
        "/invoices",
        {
            "contract": contract.pk,
            "lines": [{"description": "Design", "quantity": "2", "unit_price": "50"}],
            "tax_rate": "10",
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["number"], body["total"], body["currency"]) == (None, "110.00", "EUR")
    invoice_id = body["id"]
    issued = api.post(f"/invoices/{invoice_id}/issue", {"issue_date": "2026-11-04"})
    assert issued.json()["number"] == "INV-2026-0001"
    assert issued.json()["due_date"] == "2026-11-11"
    assert api.post(f"/invoices/{invoice_id}/issue", {}).status_code == 400
    wrong = api.post(
        "/payments", {"invoice": invoice_id, "amount": "10", "currency": "USD"}
    )
    assert wrong.status_code == 400 and "currency" in wrong.json()["fields"]
    too_much = api.post(
        "/payments", {"invoice": invoice_id, "amount": "110.01", "currency": "EUR"}
    )
    assert too_much.status_code == 400 and not Payment.objects.exists()
    paid = api.post(
        "/payments",
        {
            "invoice": invoice_id,
            "amount": "110",
            "currency": "EUR",
            "reference": "TR-1",
        },
    )
    assert paid.status_code == 201
    assert api.get(f"/invoices/{invoice_id}").json()["status"] == "paid"
    refused = api.post(f"/invoices/{invoice_id}/credit-note", {"reason": "x"})
    assert refused.status_code == 400
    reversed_ = api.post(
        f"/payments/{paid.json()['id']}/reverse", {"reason": "Bounced"}
    )
    assert reversed_.json()["reversed_at"]
    assert api.get(f"/invoices/{invoice_id}").json()["status"] == "issued"
    note = api.post(f"/invoices/{invoice_id}/credit-note", {"reason": "Typo"})
    assert note.status_code == 201
    assert (note.json()["kind"], note.json()["total"], note.json()["corrects"]) == (
        "credit_note",
        "-110.00",
        invoice_id,
    )
    listed = api.get("/invoices", {"status": "cancelled"}).json()["items"]
    assert [i["id"] for i in listed] == [invoice_id]
    assert len(api.get("/payments", {"invoice": invoice_id}).json()["items"]) == 1


def test_acts_and_bills(finance, client_a):
    api = api_for(finance, WRITE)
    contract = make_contract(client=client_a)
    act = api.post(
        "/acts",
        {
            "contract": contract.pk,
            "date": "2026-11-04",
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "amount": "400",
            "delivered": "October ads",
        },
    )
    assert act.status_code == 201, act.content
    signed = api.patch(f"/acts/{act.json()['id']}", {"status": "signed"})
    assert signed.json()["status"] == "signed"
    over = api.patch(f"/acts/{act.json()['id']}", {"amount": "5000"})
    assert over.status_code == 400
    vendor = make_contract(contractor=make_contractor(), currency="IDR")
    bill = api.post(
        "/bills",
        {
            "contract": vendor.pk,
            "number": "LV-1",
            "date": "2026-11-04",
            "due_date": "2026-11-20",
            "amount": "250000",
        },
    )
    assert bill.status_code == 201, bill.content
    assert bill.json()["currency"] == "IDR"
    paid = api.patch(
        f"/bills/{bill.json()['id']}", {"status": "paid", "paid_date": "2026-11-10"}
    )
    assert paid.json()["paid_date"] == "2026-11-10"
    client_bill = api.post(
        "/bills",
        {
            "contract": contract.pk,
            "number": "X",
            "date": "2026-11-04",
            "due_date": "2026-11-20",
            "amount": "1",
        },
    )
    assert client_bill.status_code == 400


def test_scopes_and_visibility(finance, client_a, client_b):
    manager = make_staff(Role.ACCOUNT_MANAGER)
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    mine = make_invoice(make_contract(client=client_a), issue=True)
    theirs = make_invoice(make_contract(client=client_b), issue=True)
    api = api_for(manager, READ)
    assert [i["id"] for i in api.get("/invoices").json()["items"]] == [mine.pk]
    assert api.get(f"/invoices/{theirs.pk}").status_code == 404
    assert api.get("/invoices", {"client": client_b.slug}).json()["items"] == []
    assert api.get("/bills").status_code == 403
    write = api.post(
        "/payments", {"invoice": mine.pk, "amount": "1", "currency": "USD"}
    )
    assert write.status_code == 403  # a read-only token
    specialist = make_staff(Role.SPECIALIST)
    assert api_for(specialist, READ).get("/invoices").status_code == 403


def test_issued_and_paid_invoices_are_webhook_events(
    finance, receiver, client_a, django_capture_on_commit_callbacks
):
    lead = make_staff(Role.AGENCY_LEAD)
    subscribe(lead, receiver.url, events=("invoice.issued", "invoice.paid"))
    api = api_for(finance, WRITE)
    invoice = make_invoice(make_contract(client=client_a))
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/invoices/{invoice.pk}/issue", {"issue_date": "2026-11-04"})
        api.post(
            "/payments", {"invoice": invoice.pk, "amount": "1000", "currency": "USD"}
        )
    events = list(WebhookEvent.objects.order_by("pk"))
    assert [e.type for e in events] == ["invoice.issued", "invoice.paid"]
    payload = events[1].payload
    assert payload["invoice"]["number"] == Invoice.objects.get().number
    assert payload["invoice"]["status"] == "paid"
    assert len(receiver.received) == 2


def test_a_deposit_invoice_through_the_api(finance, client_a):
    contract = make_contract(client=client_a, currency="EUR")
    api = api_for(finance, WRITE)
    draft = {
        "contract": contract.pk,
        "lines": [{"description": "Deposit", "unit_price": "300"}],
        "is_deposit": True,
    }
    made = api.post("/invoices", draft)
    assert made.status_code == 201, made.content
    assert made.json()["is_deposit"] is True
    assert api.get(f"/invoices/{made.json()['id']}").json()["is_deposit"] is True

    second = api.post("/invoices", draft)
    assert second.status_code == 400
    assert "is_deposit" in second.json()["fields"]
    plain = api.post("/invoices", {**draft, "is_deposit": False})
    assert plain.status_code == 201 and plain.json()["is_deposit"] is False


def test_an_overdue_invoice_is_a_webhook_event_once(
    receiver, client_a, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from agencydesk.finance.services import invoice_send_reminders

    lead = make_staff(Role.AGENCY_LEAD)
    subscribe(lead, receiver.url, events=("invoice.overdue",))
    invoice = make_invoice(make_contract(client=client_a, net_days=14), issue=True)

    def on(day: int):
        return timezone.make_aware(datetime.datetime(2026, 11, day, 7))

    with django_capture_on_commit_callbacks(execute=True):
        invoice_send_reminders(now=on(19))  # due on the 18th
        invoice_send_reminders(now=on(27))  # a second reminder, no second event
    [event] = WebhookEvent.objects.all()
    assert event.type == "invoice.overdue"
    assert event.payload["invoice"] == {
        "id": invoice.pk,
        "number": invoice.number,
        "contract_id": invoice.contract_id,
        "status": "issued",
        "currency": "USD",
        "total": "1000.00",
        "amount_paid": "0.00",
        "issue_date": "2026-11-04",
        "due_date": "2026-11-18",
    }
    assert len(receiver.received) == 1
