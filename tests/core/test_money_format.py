"""Money is shown as people write it in their language and currency."""

from decimal import Decimal

import pytest
from babel import Locale
from babel.numbers import format_currency
from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from agencydesk.core.money import CURRENCY_CODES, Money, format_money


@pytest.mark.parametrize(
    ("language", "amount", "currency", "shown"),
    [
        ("en", "618.830000000000", "USD", "$618.83"),
        ("ru", "618.83", "USD", "618,83\xa0$"),
        ("id", "618830000.00", "IDR", "Rp618.830.000"),
        ("zh-hans", "1234.5", "CNY", "¥1,234.50"),
        ("en", "1234.5", "EUR", "€1,234.50"),
    ],
)
def test_amounts_follow_the_language_and_the_currency(
    language, amount, currency, shown
):
    with translation.override(language):
        written = format_money(Decimal(amount), currency)
    assert written.replace("\u202f", "\xa0") == shown.replace("\u202f", "\xa0")


def test_the_template_filter_and_money_values_use_it():
    with translation.override("ru"):
        rendered = Template("{% load money %}{{ a|money:'RUB' }}").render(
            Context({"a": Decimal("1500000.5")})
        )
        text = str(Money(Decimal("10"), "EUR"))
    assert rendered.startswith("1\xa0500\xa0000,50") and rendered.endswith("₽")
    assert text == "10,00\xa0€"


@settings(max_examples=300, deadline=None)
@given(
    amount=st.decimals(allow_nan=False, allow_infinity=False, places=4).filter(
        lambda d: abs(d) < Decimal("1e18")
    ),
    currency=st.sampled_from([*CURRENCY_CODES, "JPY", "KWD"]),
    language=st.sampled_from(["en", "id", "ru", "zh-hans"]),
)
def test_the_quick_writer_writes_what_babel_writes(amount, currency, language):
    # format_money works a currency's pattern out once per language; what it
    # writes must stay Babel's to the character (sign, rounding, spacing).
    locale = Locale.parse(translation.to_locale(language))
    assert format_money(amount, currency, language) == format_currency(
        amount, currency, locale=locale
    )
