"""Alerts to the client at a share of the retainer's hours the account manager
sets (issue #13 item 8): once a month, in each contact's language, to billing
contacts and decision makers only."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from agencydesk.comms.models import OutboundMessage
from agencydesk.core.models import Event
from agencydesk.timesheets.errors import BudgetInvalidError
from agencydesk.timesheets.models import Budget
from agencydesk.timesheets.services import budget_set, time_entry_create

from ..factories.clients import make_contact

DAY = datetime.date(2026, 3, 4)


@pytest.fixture
def people(client_a):
    return {
        "billing": make_contact(
            client_a, full_name="Bela Billing", role="billing", language="ru"
        ),
        "boss": make_contact(
            client_a, full_name="Dina Decides", role="decision_maker", language="en"
        ),
        "daily": make_contact(client_a, full_name="Dedi Daily"),
    }


def _retainer(client, percent=75, month=DAY):
    return budget_set(
        actor=None,
        client=client,
        kind="retainer",
        month=month,
        minutes=600,
        amount=Decimal(1000),
        currency="USD",
        client_alert_percent=percent,
    )


def _alerts():
    return [
        m
        for m in OutboundMessage.objects.order_by("pk")
        if m.ref.startswith("timesheets.client_alert:")
    ]


def test_the_client_is_told_once_when_hours_used_cross_the_share(
    client_a, people, specialist
):
    _retainer(client_a)
    time_entry_create(
        actor=None, user=specialist, client=client_a, day=DAY, minutes=300
    )
    assert _alerts() == []  # 50%: not yet
    time_entry_create(
        actor=None, user=specialist, client=client_a, day=DAY, minutes=180
    )
    mails = _alerts()
    assert sorted(m.to[0] for m in mails) == sorted(
        [people["billing"].user.email, people["boss"].user.email]
    )
    by_to = {m.to[0]: m for m in mails}
    russian = by_to[people["billing"].user.email]
    english = by_to[people["boss"].user.email]
    # Each in the contact's own language (the month's name is Django's own).
    assert "March 2026" in english.subject and "80%" in english.subject
    assert "2026" in russian.subject and "March" not in russian.subject
    assert "8:00" in english.text and "2:00" in english.text
    assert reverse("portal:scope") in english.text
    # Once a month, however much more is logged.
    time_entry_create(
        actor=None, user=specialist, client=client_a, day=DAY, minutes=120
    )
    assert len(_alerts()) == 2
    assert Event.objects.filter(verb="budget.client_told").count() == 1
    # The next month's retainer tells them again.
    _retainer(client_a, month=datetime.date(2026, 4, 1))
    time_entry_create(
        actor=None,
        user=specialist,
        client=client_a,
        day=datetime.date(2026, 4, 6),
        minutes=480,
    )
    assert len(_alerts()) == 4


def test_without_a_share_the_client_is_never_told(client_a, people, specialist):
    _retainer(client_a, percent=None)
    time_entry_create(
        actor=None, user=specialist, client=client_a, day=DAY, minutes=600
    )
    assert _alerts() == []


@pytest.mark.parametrize("percent", [0, 101, True])
def test_a_share_outside_1_to_100_is_refused(client_a, percent):
    with pytest.raises(BudgetInvalidError):
        _retainer(client_a, percent=percent)
    assert not Budget.objects.exists()


def test_a_project_budget_takes_no_client_alert(client_a):
    with pytest.raises(BudgetInvalidError):
        budget_set(
            actor=None,
            client=client_a,
            kind="tm",
            project="Launch",
            minutes=600,
            amount=Decimal(0),
            currency="USD",
            client_alert_percent=50,
        )


def test_the_account_manager_sets_the_share_on_the_budget_form(
    client_a, manager, as_user
):
    http = as_user(manager)
    data = {
        "client": client_a.slug,
        "kind": "retainer",
        "month": "2026-03",
        "hours": "10",
        "currency": "USD",
        "client_alert_percent": "75",
    }
    response = http.post(reverse("planning:budget-edit"), data)
    assert response.status_code == 302
    assert Budget.objects.get().client_alert_percent == 75
    bad = http.post(
        reverse("planning:budget-edit"), {**data, "client_alert_percent": "500"}
    )
    assert bad.status_code == 422
    assert Budget.objects.get().client_alert_percent == 75
