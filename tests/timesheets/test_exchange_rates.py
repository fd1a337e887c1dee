"""Time logged at a rate in another currency than its budget is converted by
the exchange rate valid on the entry's date, shown with that rate and date, or
shown as not converted; never silently left out (issue #11)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.errors import RateInvalidError
from agencydesk.timesheets.models import ExchangeRate
from agencydesk.timesheets.selectors import burn_for_budgets
from tests.factories.people import make_staff

MONDAY = date(2026, 11, 2)

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(db):
    return make_staff(Role.FINANCE, full_name="Fina Finance")


@pytest.fixture
def designer(db):
    return make_staff(
        Role.SPECIALIST,
        full_name="Dina Designer",
        default_bill_rate=Decimal("60"),
        rate_currency="USD",
    )


def _log(user, client, minutes, day):
    return services.time_entry_create(
        actor=user, user=user, day=day, minutes=minutes, client=client
    )


@pytest.fixture
def mixed_month(admin_user, designer, client_a):
    """A USD retainer; 2 h at 60 USD, then 1 h at 100 EUR on Tuesday and on
    Thursday, then 1 h at 500000 IDR on Friday."""
    budget = services.budget_set(
        actor=admin_user,
        client=client_a,
        kind="retainer",
        month=MONDAY,
        minutes=600,
        amount="1000",
        currency="USD",
    )
    _log(designer, client_a, 120, MONDAY)
    for currency, amount, offset in (("EUR", "100", 1), ("IDR", "500000", 4)):
        services.rate_set(
            actor=admin_user,
            kind="bill",
            user=designer,
            hourly_amount=amount,
            currency=currency,
            effective_from=MONDAY + timedelta(days=offset),
        )
        _log(designer, client_a, 60, MONDAY + timedelta(days=offset))
        if currency == "EUR":
            _log(designer, client_a, 60, MONDAY + timedelta(days=3))
    return budget


def test_burn_converts_each_day_by_the_rate_valid_then(mixed_month, finance):
    services.exchange_rate_set(
        actor=finance,
        from_currency="EUR",
        to_currency="USD",
        rate="1.10",
        valid_from=date(2026, 10, 1),
    )
    services.exchange_rate_set(
        actor=finance,
        from_currency="EUR",
        to_currency="USD",
        rate="1.20",
        valid_from=MONDAY + timedelta(days=3),  # Thursday
    )
    # A rate that starts after the Friday entry does not apply to it.
    services.exchange_rate_set(
        actor=finance,
        from_currency="IDR",
        to_currency="USD",
        rate="0.00006",
        valid_from=MONDAY + timedelta(days=5),
    )

    (burn,) = burn_for_budgets([mixed_month])

    assert [
        (c.currency, c.amount, c.rate, c.valid_from, c.converted)
        for c in burn.conversions
    ] == [
        (
            "EUR",
            Decimal("100.00"),
            Decimal("1.1"),
            date(2026, 10, 1),
            Decimal("110.00"),
        ),
        (
            "EUR",
            Decimal("100.00"),
            Decimal("1.2"),
            MONDAY + timedelta(days=3),
            Decimal("120.00"),
        ),
    ]
    assert burn.other_currencies == {"IDR": Decimal("500000.00")}
    # 120 USD + 110 + 120 converted; the IDR is not added.
    assert burn.logged_amount == Decimal("350.00")
    assert burn.money_percent == 35


def test_without_any_rate_the_value_is_listed_as_not_converted(mixed_month):
    (burn,) = burn_for_budgets([mixed_month])

    assert burn.conversions == []
    assert burn.other_currencies == {
        "EUR": Decimal("200.00"),
        "IDR": Decimal("500000.00"),
    }
    assert burn.logged_amount == Decimal("120.00")


def test_the_budget_page_shows_the_rate_the_date_and_what_is_not_converted(
    mixed_month, finance, manager, as_user
):
    services.exchange_rate_set(
        actor=finance,
        from_currency="EUR",
        to_currency="USD",
        rate="1.10",
        valid_from=date(2026, 10, 1),
    )

    page = as_user(finance).get(reverse("planning:budgets"), {"month": "2026-11"})

    body = page.content.decode()
    assert "incl. €200.00 at 1 EUR = 1.1 USD (rate of 10/01/2026): $220.00" in body
    assert "+ IDR500,000 not converted (no exchange rate)" in body
    assert "$340.00" in body  # the burn, as people write money (Babel)


def test_finance_keeps_the_table_on_its_page(finance, as_user):
    http = as_user(finance)
    response = http.post(
        reverse("timesheets:exchange-rates"),
        {
            "from_currency": "EUR",
            "to_currency": "IDR",
            "rate": "17250.5",
            "valid_from": "2026-11-01",
        },
    )

    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.rate, rate.created_by) == (Decimal("17250.5"), finance)
    page = http.get(reverse("timesheets:exchange-rates")).content.decode()
    assert "17250.5" in page
    refused = http.post(
        reverse("timesheets:exchange-rates"),
        {
            "from_currency": "EUR",
            "to_currency": "EUR",
            "rate": "1",
            "valid_from": "2026-11-01",
        },
    )
    assert refused.status_code == 422
    assert "between two currencies" in refused.content.decode()


def test_only_who_keeps_money_sets_a_rate(designer):
    with pytest.raises(PermissionDenied):
        services.exchange_rate_set(
            actor=designer,
            from_currency="EUR",
            to_currency="USD",
            rate="1.1",
            valid_from=MONDAY,
        )
    with pytest.raises(RateInvalidError):
        services.exchange_rate_set(
            actor=None,
            from_currency="EUR",
            to_currency="USD",
            rate="0",
            valid_from=MONDAY,
        )
    assert not ExchangeRate.objects.exists()
