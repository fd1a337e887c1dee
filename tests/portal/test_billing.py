"""The billing part of the portal (issue #15 item 8): a billing contact sees
the client's contracts, issued invoices with their PDF and the acts awaiting
their signature, and sends signed scans back; nothing internal, nothing of
another client, nothing for contacts without the billing role."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Event, Notification
from agencydesk.finance import services
from agencydesk.finance.errors import NotBillingContactError
from agencydesk.finance.models import Act, Document, SignedScan
from tests.factories.clients import make_contact
from tests.factories.finance import (
    DAY,
    make_act,
    make_bill,
    make_contract,
    make_contractor,
    make_document,
    make_invoice,
    make_planned,
    pay,
    pdf,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def billing_a(client_a):
    return make_contact(client_a, full_name="Bella Billing", role="billing")


@pytest.fixture
def billing_b(client_b):
    return make_contact(client_b, full_name="Bruno Billing", role="billing")


@pytest.fixture
def money_a(client_a, manager):
    """Client A's contract with an issued (part-paid, overdue) invoice, a
    draft, a credit-noted invoice, a sent act, a draft act and a document
    expected from the client; a contractor's contract beside it."""
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    contract = make_contract(
        client=client_a,
        number="C-ALPHA-1",
        subject="Alpha social media",
        amount=Decimal("9000"),
        upload=pdf(),
        start=DAY,
        end=DAY + datetime.timedelta(days=180),
    )
    issued = make_invoice(contract, issue=True, note="Thank you")
    pay(issued, "400")
    make_invoice(
        contract,
        lines=[{"description": "Secret draft line", "quantity": 1, "unit_price": "5"}],
    )
    credited = make_invoice(contract, issue=True)
    services.credit_note_create(actor=None, invoice=credited)
    make_planned(contract, what_for="Planned internal line")
    sent = make_act(contract, number="ACT-7", status="sent", delivered="October ads")
    make_act(contract, number="ACT-DRAFT", delivered="Draft act work")
    document = make_document(
        contract,
        kind="annex",
        title="Annex 2",
        form="original",
        original_location="Safe in the Jakarta office",
        expected_from_them="Signed annex",
        expected_by=DAY,
        status="sent",
    )
    vendor = make_contract(
        contractor=make_contractor(name="Hidden Vendor"), currency="IDR"
    )
    make_bill(vendor, number="BILL-SECRET")
    return {
        "contract": contract,
        "issued": issued,
        "credited": credited,
        "act": sent,
        "document": document,
    }


def test_only_billing_contacts_have_the_menu_entry_and_the_pages(
    money_a, billing_a, contact_a, as_user
):
    home = as_user(billing_a.user).get(reverse("portal:home")).content.decode()
    assert reverse("portal:billing") in home
    other = as_user(contact_a.user)
    other_home = other.get(reverse("portal:home")).content.decode()
    assert reverse("portal:billing") not in other_home
    urls = [
        reverse("portal:billing"),
        reverse("portal:billing-invoices"),
        reverse("portal:billing-contract", args=[money_a["contract"].pk]),
        reverse("portal:billing-invoice-pdf", args=[money_a["issued"].pk]),
    ]
    for url in urls:
        assert other.get(url).status_code == 404
    url = reverse("portal:billing-act-sign", args=[money_a["act"].pk])
    assert other.post(url, {"file": pdf("act.pdf")}).status_code == 404
    assert Act.objects.get(pk=money_a["act"].pk).status == "sent"


def test_the_billing_contact_sees_contracts_invoices_and_acts_nothing_internal(
    money_a, billing_a, as_user
):
    http = as_user(billing_a.user)
    pages = [
        http.get(reverse("portal:billing")),
        http.get(reverse("portal:billing-invoices")),
        http.get(reverse("portal:billing-contract", args=[money_a["contract"].pk])),
    ]
    assert all(page.status_code == 200 for page in pages)
    home, invoices, contract = (page.content.decode() for page in pages)
    assert "Contract C-ALPHA-1" in home and "Alpha social media" in home
    assert "$9,000.00" in home
    assert "Act ACT-7" in home and "Signed annex" in home
    issued, credited = money_a["issued"], money_a["credited"]
    for html in (invoices, contract):
        assert f"Invoice {issued.number}" in html
        assert "$1,000.00" in html and "$400.00" in html and "$600.00" in html
        assert "Partly paid" in html and "Overdue" in html
        assert f"Invoice {credited.number}" in html and "Credit note CN-" in html
    assert "Act ACT-7" in contract and "Waiting for your signature" in contract
    for html in (home, invoices, contract):
        for secret in (
            "Secret draft line",
            "Draft invoice",
            "ACT-DRAFT",
            "Draft act work",
            "Planned internal line",
            "Hidden Vendor",
            "BILL-SECRET",
            "Safe in the Jakarta office",
        ):
            assert secret not in html, secret


def test_the_invoice_pdf_is_the_finance_renderer_and_drafts_are_404(
    money_a, billing_a, as_user, client_a
):
    http = as_user(billing_a.user)
    issued = money_a["issued"]
    response = http.get(reverse("portal:billing-invoice-pdf", args=[issued.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f'filename="{issued.number}.pdf"' in response["Content-Disposition"]
    draft = money_a["contract"].invoices.get(status="draft")
    url = reverse("portal:billing-invoice-pdf", args=[draft.pk])
    assert http.get(url).status_code == 404


def test_another_clients_contracts_invoices_and_papers_are_404(
    money_a, billing_b, as_user
):
    http = as_user(billing_b.user)
    home = http.get(reverse("portal:billing")).content.decode()
    assert "C-ALPHA-1" not in home and "No contracts yet" in home
    assert "Nothing waits for your signature" in home
    listed = http.get(reverse("portal:billing-invoices")).content.decode()
    assert "No invoices yet" in listed
    assert (
        http.get(
            reverse("portal:billing-contract", args=[money_a["contract"].pk])
        ).status_code
        == 404
    )
    url = reverse("portal:billing-invoice-pdf", args=[money_a["issued"].pk])
    assert http.get(url).status_code == 404
    document = money_a["document"]
    response = http.post(
        reverse("portal:billing-document-scan", args=[document.pk]),
        {"file": pdf("signed.pdf")},
    )
    assert response.status_code == 404
    response = http.post(
        reverse("portal:billing-act-sign", args=[money_a["act"].pk]),
        {"file": pdf("signed.pdf")},
    )
    assert response.status_code == 404
    assert not SignedScan.objects.exists()
    assert Document.objects.get(pk=document.pk).signed_by_them is False


def test_a_signed_scan_marks_the_document_and_staff_see_it(
    money_a, billing_a, manager, as_user, client_a
):
    http = as_user(billing_a.user)
    document = money_a["document"]
    response = http.post(
        reverse("portal:billing-document-scan", args=[document.pk]),
        {"file": pdf("annex-signed.pdf", b"%PDF-1.7 signed annex"), "from": "home"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("portal:billing")
    assert "the signed scan of Annex 2 was received" in response.content.decode()
    document.refresh_from_db()
    assert document.form == "scan" and document.signed_by_them
    assert document.expected_from_them == "" and document.expected_by is None
    assert document.original_location == ""
    scan = SignedScan.objects.get()
    assert scan.document == document and scan.uploaded_by == billing_a.user
    assert default_storage.exists(scan.file.name)
    event = Event.objects.get(verb="document.scan_received")
    assert event.client_id == client_a.pk
    assert Notification.objects.filter(
        recipient=manager, verb="finance.scan_received"
    ).exists()
    # Nothing is expected from the client any more.
    home = http.get(reverse("portal:billing")).content.decode()
    assert "Signed annex" not in home
    # Staff see the scan on the contract's page and download it.
    staff = as_user(manager)
    page = staff.get(money_a["contract"].get_absolute_url()).content.decode()
    assert "annex-signed.pdf" in page
    download = staff.get(
        reverse("finance:scan-download", args=[money_a["contract"].pk, scan.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 signed annex"


def test_an_act_is_signed_by_uploading_its_scan(money_a, billing_a, as_user):
    http = as_user(billing_a.user)
    act = money_a["act"]
    contract = money_a["contract"]
    response = http.post(
        reverse("portal:billing-act-sign", args=[act.pk]),
        {"file": SimpleUploadedFile("act.png", PNG), "from": "contract"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "portal:billing-contract", args=[contract.pk]
    )
    assert "the act ACT-7 is signed" in response.content.decode()
    act.refresh_from_db()
    assert act.status == "signed"
    assert SignedScan.objects.get().act == act
    assert Event.objects.filter(verb="act.signed_by_client").count() == 1
    # A second upload is refused: the act no longer waits for a signature.
    again = http.post(
        reverse("portal:billing-act-sign", args=[act.pk]),
        {"file": pdf("act.pdf")},
        follow=True,
    )
    assert "not waiting for your signature" in again.content.decode()
    assert SignedScan.objects.count() == 1
    # A draft act is not the client's to see, let alone sign.
    draft = Act.objects.get(number="ACT-DRAFT")
    response = http.post(
        reverse("portal:billing-act-sign", args=[draft.pk]), {"file": pdf("a.pdf")}
    )
    assert response.status_code == 404
    assert Act.objects.get(pk=draft.pk).status == "draft"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"just text", "must be a PDF or an image"),
        ("fake.pdf", b"<html><script>x</script>", "must be a PDF or an image"),
        ("photo.png", b"%PDF-1.4 not a png", "must be a PDF or an image"),
        ("macro.docx", b"PK\x03\x04", "must be a PDF or an image"),
    ],
)
def test_a_scan_that_is_not_a_pdf_or_image_is_refused(
    money_a, billing_a, as_user, name, content, message
):
    document = money_a["document"]
    response = as_user(billing_a.user).post(
        reverse("portal:billing-document-scan", args=[document.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not SignedScan.objects.exists()
    assert Document.objects.get(pk=document.pk).signed_by_them is False


def test_a_scan_over_the_limit_is_refused(money_a, billing_a, as_user, settings):
    settings.SCAN_MAX_BYTES = 100
    document = money_a["document"]
    response = as_user(billing_a.user).post(
        reverse("portal:billing-document-scan", args=[document.pk]),
        {"file": pdf("big.pdf", b"%PDF-1.4" + b"x" * 200)},
        follow=True,
    )
    assert "big.pdf is larger than the limit of 100" in response.content.decode()
    assert not SignedScan.objects.exists()


def test_the_services_refuse_a_contact_without_the_billing_role(
    money_a, contact_a, billing_b
):
    for who in (contact_a.user, billing_b.user):
        with pytest.raises(NotBillingContactError):
            services.act_sign_by_client(
                actor=who, act=money_a["act"], upload=pdf("act.pdf")
            )
        with pytest.raises(NotBillingContactError):
            services.document_receive_signed_scan(
                actor=who, document=money_a["document"], upload=pdf("d.pdf")
            )
    assert not SignedScan.objects.exists()
    assert Act.objects.get(pk=money_a["act"].pk).status == "sent"


def _count(http, url):
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


def test_billing_pages_cost_the_same_queries_with_more_rows(
    money_a, billing_a, client_a, as_user
):
    http = as_user(billing_a.user)
    http.get(reverse("portal:home"))
    urls = [
        reverse("portal:billing"),
        reverse("portal:billing-invoices"),
        reverse("portal:billing-contract", args=[money_a["contract"].pk]),
    ]
    before = [_count(http, url) for url in urls]
    for n in range(3):
        contract = make_contract(client=client_a, amount=Decimal("500"))
        make_invoice(contract, issue=True)
        make_act(contract, status="sent", amount=Decimal("100"))
        make_document(
            contract, title=f"Doc {n}", expected_from_them="Sign", status="sent"
        )
        make_invoice(money_a["contract"], issue=True)
        make_document(money_a["contract"], title=f"More {n}")
    assert [_count(http, url) for url in urls] == before
