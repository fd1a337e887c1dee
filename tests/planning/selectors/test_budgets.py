"""Budgets with plans (planning.selectors.budgets): burn beside the planned
hours, and the budgets past a share of their hours."""

from datetime import date
from decimal import Decimal

from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.selectors import budget_burns_with_plans, budgets_past
from agencydesk.timesheets import services as timesheets
from agencydesk.timesheets.models import Budget
from tests.factories.people import make_staff

MONTH = date(2026, 11, 1)


def _retainer(client, hours):
    return timesheets.budget_set(
        actor=None,
        client=client,
        kind=Budget.Kind.RETAINER,
        month=MONTH,
        minutes=hours * 60,
        amount=Decimal("0"),
        currency="USD",
    )


def test_burn_shows_confirmed_plans_and_the_budgets_past_a_share(client_a, client_b):
    person = make_staff(Role.SPECIALIST)
    busy, calm = _retainer(client_a, 10), _retainer(client_b, 10)
    timesheets.time_entry_create(
        actor=None, user=person, day=date(2026, 11, 3), minutes=540, client=client_a
    )
    services.allocation_create(
        actor=None, user=person, week=date(2026, 11, 9), client=client_a, minutes=300
    )
    services.allocation_create(
        actor=None,
        user=person,
        week=date(2026, 11, 9),
        client=client_a,
        minutes=60,
        is_tentative=True,
    )

    burns = {b.budget: b for b in budget_burns_with_plans([busy, calm])}
    assert (burns[busy].logged_minutes, burns[busy].planned_minutes) == (540, 300)
    assert burns[calm].planned_minutes == 0

    past = budgets_past(month=MONTH, client_ids=None, percent_used=80)
    assert [b.budget for b in past] == [busy]
