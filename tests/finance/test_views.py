from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencydesk.finance.models import Contract, Document
from tests.factories.clients import make_client
from tests.factories.finance import (
    DAY,
    make_contract,
    make_contractor,
    make_document,
    pdf,
)

pytestmark = pytest.mark.django_db


def test_finance_sees_every_contract_and_totals_per_currency(
    as_user, finance_user, client_a, client_b
):
    make_contract(client=client_a, amount=Decimal("1000"), currency="USD")
    make_contract(client=client_b, amount=Decimal("500"), currency="USD")
    make_contract(
        contractor=make_contractor(name="Lumen"),
        currency="IDR",
        amount=Decimal("2500000"),
    )
    body = as_user(finance_user).get(reverse("finance:contract-list")).content.decode()
    assert client_a.name in body and client_b.name in body and "Lumen" in body
    # Never added across currencies.
    assert "$1,500.00" in body and "IDR" in body


def test_an_account_manager_sees_only_their_clients(as_user, am_a, client_a, client_b):
    make_contract(client=client_a, subject="Mine")
    theirs = make_contract(client=client_b, subject="Theirs")
    vendor = make_contract(contractor=make_contractor(), subject="Vendor work")
    http = as_user(am_a)
    body = http.get(reverse("finance:contract-list")).content.decode()
    assert "Mine" in body and "Theirs" not in body and "Vendor work" not in body
    assert http.get(theirs.get_absolute_url()).status_code == 404
    assert http.get(vendor.get_absolute_url()).status_code == 404
    assert http.get(reverse("finance:contractor-list")).status_code == 403


def test_specialists_and_contacts_see_no_finance(
    as_user, specialist, contact_a, client_a
):
    contract = make_contract(client=client_a)
    for user in (specialist, contact_a.user):
        http = as_user(user)
        for url in (
            reverse("finance:contract-list"),
            reverse("finance:document-list"),
            reverse("finance:expected"),
            contract.get_absolute_url(),
        ):
            assert http.get(url).status_code == 403, (user, url)
    home = as_user(specialist).get("/").content.decode()
    assert reverse("finance:contract-list") not in home


def test_the_menu_offers_contracts_to_finance(as_user, finance_user):
    assert (
        reverse("finance:contract-list")
        in as_user(finance_user).get("/").content.decode()
    )


def test_record_a_contract_upload_a_version_and_activate_it(as_user, am_a, client_a):
    http = as_user(am_a)
    response = http.post(
        reverse("finance:contract-create"),
        {
            "client": client_a.slug,
            "number": "AC-7",
            "date": "2026-11-04",
            "subject": "Retainer",
            "amount": "1200.50",
            "currency": "EUR",
            "tax_rate": "11",
            "deposit_percent": "30",
            "net_days": "14",
            "signature": "paper",
            "file": pdf(),
        },
    )
    contract = Contract.objects.get(number="AC-7")
    assert response.status_code == 302
    assert (contract.client, contract.amount, contract.created_by) == (
        client_a,
        Decimal("1200.50"),
        am_a,
    )
    http.post(
        reverse("finance:contract-file-add", args=[contract.pk]),
        {"file": pdf("v2.pdf", b"%PDF-1.4 v2"), "note": "Signed"},
    )
    http.post(
        reverse("finance:contract-status", args=[contract.pk]), {"status": "active"}
    )
    page = http.get(contract.get_absolute_url()).content.decode()
    assert "v2.pdf" in page and "version 2" in page and "Active" in page
    download = http.get(
        reverse(
            "finance:contract-file-download",
            args=[contract.pk, contract.files.first().pk],
        )
    )
    assert b"".join(download.streaming_content) == b"%PDF-1.4 v2"


def test_bad_input_comes_back_with_a_message_not_a_crash(
    as_user, finance_user, client_a
):
    make_contract(client=client_a, number="DUP")
    response = as_user(finance_user).post(
        reverse("finance:contract-create"),
        {
            "client": client_a.slug,
            "number": "DUP",
            "date": "2026-11-04",
            "subject": "x",
            "amount": "-5",
            "currency": "EUR",
            "tax_rate": "0",
            "deposit_percent": "0",
            "net_days": "14",
            "signature": "paper",
        },
    )
    assert response.status_code == 422
    response = as_user(finance_user).post(
        reverse("finance:contract-create"),
        {
            "client": client_a.slug,
            "number": "DUP",
            "date": "2026-11-04",
            "subject": "x",
            "amount": "5",
            "currency": "EUR",
            "tax_rate": "0",
            "deposit_percent": "0",
            "net_days": "14",
            "signature": "paper",
        },
    )
    assert response.status_code == 422
    assert "Another contract already has this number." in response.content.decode()
    assert Contract.objects.count() == 1


def test_documents_filter_export_and_expected_list(
    as_user, finance_user, am_a, client_a, client_b
):
    late = make_document(
        make_contract(client=client_a),
        title="Late act",
        expected_from_them="Signed act",
        expected_by=DAY,
        status="sent",
    )
    make_document(make_contract(client=client_b), title="Other act", status="done")
    http = as_user(finance_user)
    body = http.get(
        reverse("finance:document-list"), {"overdue": "on"}
    ).content.decode()
    assert "Late act" in body and "Other act" not in body
    body = http.get(
        reverse("finance:document-list"), {"manager": am_a.email}
    ).content.decode()
    assert "Late act" in body and "Other act" not in body
    csv = http.get(reverse("finance:document-list"), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "Late act" in csv.content.decode() and "Other act" in csv.content.decode()
    xlsx = http.get(reverse("finance:document-list"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    # The account manager's own list opens on their clients.
    body = as_user(am_a).get(reverse("finance:expected")).content.decode()
    assert am_a.full_name in body and "Late act" in body
    late.refresh_from_db()


def test_empty_pages_say_so(as_user, finance_user):
    http = as_user(finance_user)
    assert (
        "No contracts match"
        in http.get(reverse("finance:contract-list")).content.decode()
    )
    assert (
        "No documents match"
        in http.get(reverse("finance:document-list")).content.decode()
    )
    assert (
        "Nothing is expected" in http.get(reverse("finance:expected")).content.decode()
    )
    assert (
        "No contractors yet"
        in http.get(reverse("finance:contractor-list")).content.decode()
    )


def _fill(n: int) -> None:
    for i in range(n):
        client = make_client(f"Size {n} client {i}")
        contract = make_contract(client=client, upload=pdf())
        make_document(
            contract, expected_from_them="Original", expected_by=DAY, status="sent"
        )
        make_contract(contractor=make_contractor(), currency="IDR")


def _queries(http, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name",
    [
        "finance:contract-list",
        "finance:document-list",
        "finance:expected",
        "finance:contractor-list",
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(as_user, finance_user, name):
    http = as_user(finance_user)
    url = reverse(name)
    _fill(2)
    _queries(http, url)  # warm the caches (permissions, menu)
    small = _queries(http, url)
    _fill(5)
    assert _queries(http, url) == small


def test_a_contract_page_runs_a_fixed_number_of_queries(
    as_user, finance_user, client_a
):
    http = as_user(finance_user)
    contract = make_contract(client=client_a, upload=pdf())
    make_document(contract)
    _queries(http, contract.get_absolute_url())
    small = _queries(http, contract.get_absolute_url())
    for i in range(4):
        make_document(contract, title=f"Doc {i}", original_holder=finance_user)
        from agencydesk.finance import services

        services.contract_add_file(
            actor=None, contract=contract, upload=pdf(f"v{i}.pdf")
        )
    assert _queries(http, contract.get_absolute_url()) == small
    assert Document.objects.filter(contract=contract).count() == 5
