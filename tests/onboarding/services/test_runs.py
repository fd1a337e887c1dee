import datetime

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.clients.models import AccessEntry, Client
from agencydesk.clients.services import access as access_inventory
from agencydesk.core.calendar import business_days_after
from agencydesk.core.models import Event
from agencydesk.onboarding.errors import GateClosedError, RunAlreadyOpenError
from agencydesk.onboarding.models import ChecklistTemplate, Run, RunItem
from agencydesk.onboarding.services import runs as services
from agencydesk.people.roles import Role
from tests.factories.clients import make_client
from tests.factories.people import make_staff

from ..helpers import complete, item, put_on_team

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)


def test_the_default_template_is_the_seven_steps_of_the_seed():
    template = ChecklistTemplate.objects.get(kind="onboarding", is_default=True)
    sections = [
        (s.title, [i.key for i in s.items.all()]) for s in template.sections.all()
    ]
    assert sections == [
        ("1. Contract and payment", ["contract-sent", "contract-signed", "deposit"]),
        (
            "2. Internal kickoff",
            [
                "internal-scope",
                "internal-roles",
                "internal-info",
                "internal-next-steps",
            ],
        ),
        (
            "3. Onboarding questionnaire",
            ["questionnaire-sent", "questionnaire-returned"],
        ),
        (
            "4. Technical setup",
            ["access-list", "platform-linking", "stack-review", "tasks-owners"],
        ),
        ("5. Reporting setup", ["kpis", "report-setup"]),
        ("6. Client kickoff meeting", ["kickoff-scheduled", "client-kickoff"]),
        (
            "7. Scope protection",
            ["statement-of-work", "phase-two", "change-requests"],
        ),
    ]
    kickoff = template.sections.get(order=6).items.get(key="client-kickoff")
    assert kickoff.is_gate is True
    assert sorted(d.key for d in kickoff.depends_on.all()) == [
        "deposit",
        "kickoff-scheduled",
    ]


def test_starting_onboarding_gives_owners_by_role_and_business_day_due_dates(
    client_a, manager, specialist
):
    put_on_team(client_a, manager, specialist)

    run = services.run_start(actor=manager, client=client_a, start_date=MONDAY)

    calendar = client_a.calendar.as_business_calendar()
    deposit, access = item(run, "deposit"), item(run, "access-list")
    assert (deposit.owner, deposit.due_date) == (
        manager,
        business_days_after(calendar, MONDAY, 5),
    )
    assert (access.owner, access.due_date) == (
        specialist,
        business_days_after(calendar, MONDAY, 5),
    )
    assert run.items.count() == 20
    assert Client.objects.get(pk=client_a.pk).status == "onboarding"
    assert Event.objects.filter(verb="onboarding.started").count() == 1


def test_a_second_open_onboarding_is_refused(client_a, manager):
    services.run_start(actor=manager, client=client_a)
    with pytest.raises(RunAlreadyOpenError):
        services.run_start(actor=manager, client=client_a)
    assert Run.objects.count() == 1


def test_specialist_cannot_start_a_checklist(client_a, specialist):
    with pytest.raises(PermissionDenied):
        services.run_start(actor=specialist, client=client_a)
    assert Run.objects.count() == 0


def test_the_client_kickoff_cannot_be_done_before_the_deposit(client_a, manager):
    put_on_team(client_a, manager)
    run = services.run_start(actor=manager, client=client_a)
    complete(run, "kickoff-scheduled", actor=manager)

    with pytest.raises(GateClosedError) as error:
        complete(run, "client-kickoff", actor=manager)

    assert error.value.message == (
        "“Hold the client kickoff meeting” cannot be completed before: "
        "Receive the deposit payment."
    )
    assert item(run, "client-kickoff").done_at is None

    complete(run, "contract-sent", "contract-signed", "deposit", actor=manager)
    complete(run, "client-kickoff", actor=manager)
    assert item(run, "client-kickoff").done_by == manager


def test_finishing_every_item_completes_onboarding_and_activates_the_account(
    client_a, manager
):
    run = services.run_start(actor=manager, client=client_a)
    for row in RunItem.objects.filter(run=run).order_by("order"):
        services.item_complete(actor=manager, item=row)

    assert Run.objects.get(pk=run.pk).completed_at is not None
    assert Client.objects.get(pk=client_a.pk).status == "active"
    assert Event.objects.filter(verb="onboarding.completed").count() == 1


def test_finance_ticking_the_last_item_activates_the_account(client_a, manager):
    # Finance may tick items but not edit clients (issue #19): the account
    # still becomes active, as the run's consequence.
    finance = make_staff(Role.FINANCE)
    run = services.run_start(actor=manager, client=client_a)
    rows = list(RunItem.objects.filter(run=run).order_by("order"))
    for row in rows[:-1]:
        services.item_complete(actor=manager, item=row)

    services.item_complete(actor=finance, item=rows[-1])

    assert Client.objects.get(pk=client_a.pk).status == "active"


def test_reopening_an_item_reopens_the_run(client_a, manager):
    run = services.run_start(actor=manager, client=client_a)
    for row in RunItem.objects.filter(run=run).order_by("order"):
        services.item_complete(actor=manager, item=row)
    services.item_reopen(actor=manager, item=item(run, "phase-two"))
    assert Run.objects.get(pk=run.pk).completed_at is None


def test_offboarding_lists_every_granted_access_and_revokes_it(client_a, manager):
    ads = access_inventory.access_entry_create(
        actor=manager, client=client_a, platform="Google Ads", state="granted"
    )
    access_inventory.access_entry_create(
        actor=manager, client=client_a, platform="Old CMS", state="revoked"
    )

    run = services.run_start(actor=manager, client=client_a, kind="offboarding")

    revoke = RunItem.objects.get(run=run, access_entry=ads)
    assert revoke.title == "Revoke access: Google Ads"
    assert [i.key for i in run.items.all()] == [
        "final-review",
        "final-report",
        f"revoke-access-{ads.pk}",
        "feedback",
        "archive",
    ]
    assert Client.objects.get(pk=client_a.pk).status == "offboarding"

    services.item_complete(actor=manager, item=revoke)
    assert AccessEntry.objects.get(pk=ads.pk).state == "revoked"


def test_an_archived_account_refuses_a_checklist(manager):
    client = make_client("Gone", status="archived")
    from agencydesk.clients.errors import ClientArchivedError

    with pytest.raises(ClientArchivedError):
        services.run_start(actor=manager, client=client)
    assert Run.objects.count() == 0
