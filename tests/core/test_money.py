"""Tests for agencydesk.core.money: exact amounts in one currency."""

from decimal import Decimal

import pytest

from agencydesk.core.money import CurrencyMismatchError, Money


def test_same_currency_adds_exactly():
    total = Money(Decimal("0.10"), "USD") + Money(Decimal("0.20"), "USD")

    assert total == Money(Decimal("0.30"), "USD")
    assert str(total.amount) == "0.30"


def test_large_amounts_add_without_rounding():
    total = Money(Decimal("9999999999999999.99"), "IDR") + Money(Decimal("0.01"), "IDR")

    assert total.amount == Decimal("10000000000000000.00")


def test_different_currencies_are_refused():
    with pytest.raises(CurrencyMismatchError) as error:
        Money(Decimal("1"), "USD") + Money(Decimal("1"), "EUR")

    assert str(error.value) == "USD + EUR"


@pytest.mark.parametrize("amount", [0.1, 1.0, 1, "1.00"])
def test_amount_other_than_decimal_is_refused(amount):
    with pytest.raises(TypeError) as error:
        Money(amount, "USD")

    assert str(error.value) == "Money amounts are Decimal, never float."


@pytest.mark.parametrize("currency", ["XYZ", "usd", "", "US"])
def test_unknown_currency_code_is_refused(currency):
    with pytest.raises(ValueError) as error:
        Money(Decimal("1"), currency)

    assert str(error.value) == f"Unknown currency {currency!r}."


def test_money_reads_with_thousands_and_two_decimals():
    # English reads the currency's code or sign first (core/money.format_money).
    assert str(Money(Decimal("1234.5"), "RUB")) == "RUB1,234.50"
