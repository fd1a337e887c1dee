"""Budgets and their alerts (timesheets.services.budgets)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Notification
from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.errors import (
    BudgetInvalidError,
)
from agencydesk.timesheets.models import Budget, BudgetAlert
from tests.factories.people import make_staff

MONDAY = date(2026, 11, 2)


@pytest.fixture
def designer(db):
    return make_staff(
        Role.SPECIALIST,
        full_name="Dina Designer",
        hourly_cost=Decimal("20"),
        default_bill_rate=Decimal("60"),
        rate_currency="USD",
    )


def _log(user, client=None, minutes=60, day=MONDAY, **kw):
    return services.time_entry_create(
        actor=user, user=user, day=day, minutes=minutes, client=client, **kw
    )


def test_budget_alerts_fire_once_at_80_and_once_at_100(
    admin_user, manager, designer, client_a
):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    services.budget_set(
        actor=admin_user,
        client=client_a,
        kind="retainer",
        month=MONDAY,
        minutes=10 * 60,
        amount="0",
        currency="USD",
    )
    _log(designer, client_a, minutes=7 * 60)
    assert Notification.objects.filter(recipient=manager).count() == 0
    _log(designer, client_a, minutes=60, day=MONDAY + timedelta(days=1))
    _log(designer, client_a, minutes=30, day=MONDAY + timedelta(days=2))
    assert list(
        Notification.objects.filter(recipient=manager).values_list("title", flat=True)
    ) == ["Alpha Coffee: budget 2026-11 passed 80% (now 80%)"]
    _log(designer, client_a, minutes=90, day=MONDAY + timedelta(days=3))
    _log(designer, client_a, minutes=60, day=MONDAY + timedelta(days=4))
    assert list(
        Notification.objects.filter(recipient=manager)
        .order_by("pk")
        .values_list("title", flat=True)
    ) == [
        "Alpha Coffee: budget 2026-11 passed 80% (now 80%)",
        "Alpha Coffee: budget 2026-11 passed 100% (now 100%)",
    ]
    assert sorted(BudgetAlert.objects.values_list("threshold", flat=True)) == [80, 100]


def test_a_budget_needs_a_currency_and_a_project_name(admin_user, client_a):
    with pytest.raises(BudgetInvalidError):
        services.budget_set(
            actor=admin_user,
            client=client_a,
            kind="retainer",
            month=MONDAY,
            minutes=60,
            amount="10",
            currency="",
        )
    with pytest.raises(BudgetInvalidError):
        services.budget_set(
            actor=admin_user,
            client=client_a,
            kind="fixed",
            minutes=60,
            amount="10",
            currency="USD",
        )
    assert Budget.objects.count() == 0
