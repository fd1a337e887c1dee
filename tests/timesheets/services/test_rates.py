"""Setting rates (timesheets.services.rates)."""

from datetime import date
from decimal import Decimal

import pytest

from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.errors import (
    RateInvalidError,
)
from agencydesk.timesheets.models import Rate
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


def test_a_rate_needs_a_currency(admin_user, designer):
    with pytest.raises(RateInvalidError) as error:
        services.rate_set(
            actor=admin_user,
            kind="bill",
            user=designer,
            hourly_amount="50",
            currency="",
            effective_from=MONDAY,
        )
    assert error.value.message == "Choose the currency of the amount."
    with pytest.raises(RateInvalidError):
        services.rate_set(
            actor=admin_user,
            kind="bill",
            user=designer,
            hourly_amount=50.5,
            currency="USD",
            effective_from=MONDAY,
        )
    assert Rate.objects.count() == 0
