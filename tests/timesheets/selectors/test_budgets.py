"""Burn of budgets (timesheets.selectors.budgets): currencies apart, roll-over,
project budgets."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from agencydesk.core.money import CurrencyMismatchError, Money
from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.models import Budget
from agencydesk.timesheets.selectors import burn_for_budgets
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


def test_money_never_mixes_currencies():
    with pytest.raises(CurrencyMismatchError):
        Money(Decimal("1"), "USD") + Money(Decimal("1"), "EUR")


def test_burn_counts_other_currencies_apart(admin_user, designer, client_a):
    budget = services.budget_set(
        actor=admin_user,
        client=client_a,
        kind="retainer",
        month=MONDAY,
        minutes=600,
        amount="1000",
        currency="USD",
    )
    _log(designer, client_a, minutes=120)
    services.rate_set(
        actor=admin_user,
        kind="bill",
        user=designer,
        hourly_amount="100",
        currency="EUR",
        effective_from=MONDAY + timedelta(days=1),
    )
    _log(designer, client_a, minutes=60, day=MONDAY + timedelta(days=1))
    (burn,) = burn_for_budgets([budget])
    assert (burn.logged_minutes, burn.logged_amount, burn.other_currencies) == (
        180,
        Decimal("120.00"),
        {"EUR": Decimal("100.00")},
    )
    assert (burn.hours_percent, burn.money_percent, burn.percent) == (30, 12, 30)


def test_unused_retainer_hours_roll_over_one_month(admin_user, designer, client_a):
    for month, rolls in ((date(2026, 10, 1), False), (date(2026, 11, 1), True)):
        services.budget_set(
            actor=admin_user,
            client=client_a,
            kind="retainer",
            month=month,
            minutes=600,
            amount="0",
            currency="USD",
            rolls_over=rolls,
        )
    _log(designer, client_a, minutes=240, day=date(2026, 10, 5))
    november = Budget.objects.get(month=date(2026, 11, 1))
    (burn,) = burn_for_budgets([november])
    assert (burn.carry_in_minutes, burn.budget_minutes) == (360, 960)


def test_a_project_budget_burns_its_projects_time_only(admin_user, designer, client_a):
    budget = services.budget_set(
        actor=admin_user,
        client=client_a,
        kind="fixed",
        project="Website relaunch",
        minutes=600,
        amount="3000",
        currency="USD",
    )
    _log(designer, client_a, minutes=300, project="Website relaunch")
    _log(designer, client_a, minutes=120, project="Other")
    (burn,) = burn_for_budgets([budget])
    assert (burn.logged_minutes, burn.logged_amount, burn.percent) == (
        300,
        Decimal("300.00"),
        50,
    )
