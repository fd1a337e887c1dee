"""Which rate applies (timesheets.selectors.rates)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from agencydesk.core.money import Money
from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.models import Rate
from agencydesk.timesheets.selectors.rates import rates_for
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


def test_the_most_specific_effective_rate_wins(admin_user, designer, client_a):
    rate = services.rate_set
    rate(
        actor=admin_user,
        kind="bill",
        role=Role.SPECIALIST,
        hourly_amount="70",
        currency="EUR",
        effective_from=date(2026, 1, 1),
    )
    rate(
        actor=admin_user,
        kind="bill",
        user=designer,
        hourly_amount="80",
        currency="EUR",
        effective_from=date(2026, 6, 1),
    )
    rate(
        actor=admin_user,
        kind="bill",
        user=designer,
        client=client_a,
        hourly_amount="95",
        currency="IDR",
        effective_from=date(2026, 10, 1),
    )
    rate(
        actor=admin_user,
        kind="cost",
        user=designer,
        hourly_amount="25",
        currency="EUR",
        effective_from=date(2026, 3, 1),
    )

    def bill(client_id, day):
        return rates_for(user=designer, client_id=client_id, day=day)

    assert bill(None, date(2026, 2, 1)) == (
        Money(Decimal("70.00"), "EUR"),
        Money(Decimal("20.00"), "USD"),
    )
    assert bill(None, date(2026, 7, 1))[0] == Money(Decimal("80.00"), "EUR")
    assert bill(client_a.pk, date(2026, 9, 1))[0] == Money(Decimal("80.00"), "EUR")
    assert bill(client_a.pk, date(2026, 10, 1)) == (
        Money(Decimal("95.00"), "IDR"),
        Money(Decimal("25.00"), "EUR"),
    )


# The person and client pickers list nothing until one types.
RATES_QUERIES = 3
EXCHANGE_QUERIES = 3


@pytest.mark.parametrize("size", [2, 12])
def test_the_rate_pages_cost_the_same_queries_at_any_size(
    size, admin_user, designer, client_a, as_user, django_assert_num_queries
):
    for n in range(size):
        services.rate_set(
            actor=None,
            kind=Rate.Kind.BILL,
            user=designer,
            client=client_a,
            hourly_amount=Decimal(50 + n),
            currency="USD",
            effective_from=date(2026, 1, 1) + timedelta(days=n),
        )
        services.exchange_rate_set(
            actor=None,
            from_currency="USD",
            to_currency="EUR",
            rate=Decimal("0.9"),
            valid_from=date(2026, 1, 1) + timedelta(days=n),
        )
    http = as_user(admin_user)
    http.get("/")
    with django_assert_num_queries(RATES_QUERIES):
        rates = http.get(reverse("timesheets:rates"))
    assert rates.content.decode().count("Dina Designer</td>") == size
    with django_assert_num_queries(EXCHANGE_QUERIES):
        exchange = http.get(reverse("timesheets:exchange-rates"))
    assert exchange.content.decode().count("<td>1 USD</td>") == size
