from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.finance import services
from agencydesk.finance.errors import (
    ContractAmountError,
    ContractClosedError,
    ContractDatesError,
    ContractFileMissingError,
    ContractNumberTakenError,
    ContractPartyError,
    ContractProjectError,
    ContractStatusError,
    NotYourClientError,
)
from agencydesk.finance.models import Contract, ContractFile
from agencydesk.work.models import Project
from tests.factories.finance import DAY, make_contract, make_contractor, pdf

pytestmark = pytest.mark.django_db


def test_each_upload_is_a_new_version_and_old_ones_are_kept(finance_user, client_a):
    contract = make_contract(finance_user, client=client_a, upload=pdf())
    services.contract_add_file(
        actor=finance_user,
        contract=contract,
        upload=pdf("signed.pdf", b"%PDF-1.4 signed"),
        note="Signed by both",
    )
    versions = list(
        ContractFile.objects.filter(contract=contract).values_list(
            "number", "filename", "note"
        )
    )
    assert versions == [(2, "signed.pdf", "Signed by both"), (1, "contract.pdf", "")]
    stored = ContractFile.objects.get(contract=contract, number=2)
    assert stored.file.read() == b"%PDF-1.4 signed"
    assert stored.file.name.startswith(f"contracts/{contract.pk}/")


def test_a_disallowed_file_type_is_refused_and_nothing_is_stored(
    finance_user, client_a
):
    from agencydesk.clients.errors import UploadRefusedError

    with pytest.raises(UploadRefusedError):
        make_contract(finance_user, client=client_a, upload=pdf("run.exe", b"MZ"))
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"amount": Decimal("-1")}, ContractAmountError),
        ({"tax_rate": Decimal("101")}, ContractAmountError),
        ({"start": DAY, "end": DAY.replace(day=1)}, ContractDatesError),
    ],
)
def test_bad_terms_are_refused(finance_user, client_a, fields, error):
    with pytest.raises(error):
        make_contract(finance_user, client=client_a, **fields)
    assert not Contract.objects.exists()


def test_a_contract_has_exactly_one_party(finance_user, client_a):
    with pytest.raises(ContractPartyError):
        make_contract(finance_user)
    with pytest.raises(ContractPartyError):
        make_contract(finance_user, client=client_a, contractor=make_contractor())


def test_two_contracts_cannot_share_a_number(finance_user, client_a):
    make_contract(finance_user, client=client_a, number="A-1")
    with pytest.raises(ContractNumberTakenError):
        make_contract(finance_user, client=client_a, number="a-1 ")


def test_activation_needs_the_file_and_status_moves_follow_the_rules(
    finance_user, client_a
):
    contract = make_contract(finance_user, client=client_a)
    with pytest.raises(ContractFileMissingError):
        services.contract_set_status(
            actor=finance_user, contract=contract, status="active"
        )
    with pytest.raises(ContractStatusError):
        services.contract_set_status(
            actor=finance_user, contract=contract, status="ended"
        )
    services.contract_add_file(actor=finance_user, contract=contract, upload=pdf())
    services.contract_set_status(actor=finance_user, contract=contract, status="active")
    services.contract_set_status(actor=finance_user, contract=contract, status="ended")
    with pytest.raises(ContractClosedError):
        services.contract_update(
            actor=finance_user, contract=contract, amount=Decimal("5")
        )
    contract.refresh_from_db()
    assert (contract.status, contract.amount) == ("ended", Decimal("1000.00"))


def test_an_account_manager_manages_only_their_own_clients(am_a, client_a, client_b):
    mine = make_contract(am_a, client=client_a)
    assert mine.created_by == am_a
    with pytest.raises(NotYourClientError):
        make_contract(am_a, client=client_b)


def test_account_managers_cannot_record_contractor_contracts(am_a):
    with pytest.raises(NotYourClientError):
        make_contract(am_a, contractor=make_contractor())


def test_a_specialist_records_nothing(specialist, client_a):
    with pytest.raises(PermissionDenied):
        make_contract(specialist, client=client_a)


def test_only_the_clients_projects_are_linked(finance_user, client_a, client_b):
    owner = finance_user
    mine = Project.objects.create(client=client_a, name="Site", start=DAY, owner=owner)
    other = Project.objects.create(client=client_b, name="Ads", start=DAY, owner=owner)
    contract = make_contract(finance_user, client=client_a, projects=[mine])
    assert list(contract.projects.all()) == [mine]
    with pytest.raises(ContractProjectError):
        services.contract_update(
            actor=finance_user, contract=contract, projects=[mine, other]
        )
    assert list(contract.projects.all()) == [mine]


def test_the_client_timeline_records_the_contract(finance_user, client_a):
    from agencydesk.core.models import Event

    contract = make_contract(finance_user, client=client_a, upload=pdf())
    verbs = list(
        Event.objects.filter(client=client_a)
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs[-2:] == ["contract.created", "contract.file_uploaded"]
    assert contract.client_id == client_a.pk
