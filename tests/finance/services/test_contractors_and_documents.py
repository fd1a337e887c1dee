from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.core.secrets import secret_fields
from agencydesk.finance import services
from agencydesk.finance.errors import (
    ContractorNameTakenError,
    DocumentExpectationError,
    DocumentHolderError,
    NotYourClientError,
)
from agencydesk.finance.models import Contractor, Document
from tests.factories.finance import DAY, make_contract, make_contractor, make_document

pytestmark = pytest.mark.django_db


def test_bank_details_are_encrypted_at_rest_and_registered_for_rotation(
    finance_user,
):
    contractor = services.contractor_create(
        actor=finance_user, name="Lumen", currency="IDR", bank_details="IBAN 123"
    )
    stored = Contractor.objects.values_list("bank_details_encrypted", flat=True).get()
    assert "IBAN" not in stored
    assert ("finance.Contractor", "bank_details_encrypted") in secret_fields()
    assert (
        services.contractor_bank_details(actor=finance_user, contractor=contractor)
        == "IBAN 123"
    )
    # Left out, the details stay; an empty string removes them.
    services.contractor_update(actor=finance_user, contractor=contractor, email="a@b.c")
    contractor.refresh_from_db()
    assert contractor.has_bank_details
    services.contractor_update(
        actor=finance_user, contractor=contractor, bank_details=""
    )
    contractor.refresh_from_db()
    assert not contractor.has_bank_details


def test_contractors_are_finance_business(manager, finance_user):
    with pytest.raises(PermissionDenied):
        services.contractor_create(actor=manager, name="X", currency="USD")
    make_contractor(name="Lumen")
    with pytest.raises(ContractorNameTakenError):
        services.contractor_create(actor=finance_user, name="lumen", currency="USD")


def test_a_document_tracks_what_the_other_side_owes(finance_user, client_a):
    contract = make_contract(client=client_a)
    document = services.document_create(
        actor=finance_user,
        contract=contract,
        kind="act",
        title="Act October",
        date=DAY,
        form="original",
        signed_by_us=True,
        expected_from_them="Their signature",
        expected_by=DAY,
        original_holder=finance_user,
        status="sent",
    )
    assert document.is_overdue(today=DAY + timedelta(days=1))
    assert not document.is_overdue(today=DAY)
    services.document_update(actor=finance_user, document=document, status="done")
    document.refresh_from_db()
    assert not document.is_overdue(today=DAY + timedelta(days=1))


def test_document_rules_refuse_nonsense(finance_user, client_a):
    contract = make_contract(client=client_a)
    with pytest.raises(DocumentExpectationError):
        make_document(contract, expected_by=DAY)
    with pytest.raises(DocumentHolderError):
        make_document(contract, form="scan", original_location="Safe")
    assert not Document.objects.exists()


def test_an_account_manager_edits_documents_of_their_clients_only(
    am_a, client_a, client_b
):
    mine = make_document(make_contract(client=client_a))
    theirs = make_document(make_contract(client=client_b))
    services.document_update(actor=am_a, document=mine, signed_by_them=True)
    with pytest.raises(NotYourClientError):
        services.document_update(actor=am_a, document=theirs, signed_by_them=True)
    theirs.refresh_from_db()
    assert not theirs.signed_by_them
