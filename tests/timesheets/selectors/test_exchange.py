"""The exchange rate table (timesheets.selectors.exchange): the rate valid on
a day, read for many days in one query."""

from datetime import date
from decimal import Decimal

from agencydesk.timesheets import services
from agencydesk.timesheets.selectors import Conversion, RateTable


def test_the_newest_rate_valid_on_the_day_applies(db, django_assert_num_queries):
    for day, rate in ((date(2026, 10, 1), "16000"), (date(2026, 11, 1), "16500")):
        services.exchange_rate_set(
            actor=None,
            from_currency="USD",
            to_currency="IDR",
            rate=Decimal(rate),
            valid_from=day,
        )
    with django_assert_num_queries(1):
        table = RateTable([("USD", "IDR"), ("EUR", "EUR")], until=date(2026, 12, 1))
    assert table.rate_on("USD", "IDR", date(2026, 9, 30)) is None
    assert table.rate_on("USD", "IDR", date(2026, 10, 31)) == (
        date(2026, 10, 1),
        Decimal("16000"),
    )
    assert table.rate_on("USD", "IDR", date(2026, 11, 1))[1] == Decimal("16500")
    assert table.rate_on("IDR", "USD", date(2026, 11, 1)) is None
    converted = Conversion(
        currency="USD",
        amount=Decimal("1.50"),
        to_currency="IDR",
        rate=Decimal("16500"),
        valid_from=date(2026, 11, 1),
    ).converted
    assert converted == Decimal("24750.00")
