"""Issue #11's demo: each demo client's contract in a state of its own, the
money a meeting talks about, and exchange rates for profitability."""

import io

import pytest
from django.utils import timezone

from agencydesk.clients.models import Client
from agencydesk.demo import DEMO_PASSWORD, load
from agencydesk.finance.models import Act, Contract, ContractorBill, Invoice
from agencydesk.onboarding.models import RunItem
from agencydesk.timesheets.models import ExchangeRate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_demo_client_has_a_contract_in_its_own_state():
    load(out=io.StringIO())
    today = timezone.localdate()

    contracts = {
        c.client.slug: c for c in Contract.objects.filter(client__isnull=False)
    }
    assert set(contracts) == set(Client.objects.values_list("slug", flat=True))
    assert contracts["nordwind-outdoor"].status == "draft"
    assert contracts["qingshan-tea"].status == "ended"

    # Brightline's deposit is invoiced, unpaid, and its client kickoff waits.
    deposit = Invoice.objects.get(
        contract=contracts["brightline-fitness"], is_deposit=True
    )
    assert deposit.status == "issued" and deposit.amount_paid == 0
    kickoff = RunItem.objects.get(
        run__client__slug="brightline-fitness", key="client-kickoff"
    )
    assert "deposit" in {item.key for item in kickoff.blockers()}

    # One invoice overdue (Lion City's deposit, half paid), one act awaiting
    # the client's signature.
    overdue = Invoice.objects.filter(status="issued", due_date__lt=today)
    assert overdue.filter(contract=contracts["lion-city-eats"], is_deposit=True)
    assert Act.objects.filter(status="sent", contract=contracts["lion-city-eats"])
    assert ContractorBill.objects.values("contract__contractor").distinct().count() == 2


def test_the_demo_converts_every_currency_for_profitability(client):
    load(out=io.StringIO())

    currencies = set(Contract.objects.values_list("currency", flat=True)) - {"USD"}
    assert currencies <= set(
        ExchangeRate.objects.filter(to_currency="USD").values_list(
            "from_currency", flat=True
        )
    )
    client.post("/login/", {"email": "admin@agency.example", "password": DEMO_PASSWORD})
    page = client.get("/finance/profitability/").content.decode()
    assert 'id="in-base"' in page and 'id="missing-rates"' not in page
