"""Money: Decimal amounts with an ISO 4217 currency, never floats."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    format_currency,
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
)
from django.db import models
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

# Active ISO 4217 codes that agencies in our markets invoice in; extend freely.
CURRENCY_CODES = [
    "AED",
    "AUD",
    "BDT",
    "BRL",
    "CAD",
    "CHF",
    "CNY",
    "CZK",
    "DKK",
    "EUR",
    "GBP",
    "HKD",
    "HUF",
    "IDR",
    "ILS",
    "INR",
    "JPY",
    "KRW",
    "KZT",
    "MXN",
    "MYR",
    "NOK",
    "NZD",
    "PHP",
    "PKR",
    "PLN",
    "RON",
    "RUB",
    "SAR",
    "SEK",
    "SGD",
    "THB",
    "TRY",
    "TWD",
    "UAH",
    "USD",
    "VND",
    "ZAR",
]
CURRENCY_CHOICES = [(code, code) for code in CURRENCY_CODES]


class CurrencyField(models.CharField):
    """An ISO 4217 currency code."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("choices", CURRENCY_CHOICES)
        if not args:
            kwargs.setdefault("verbose_name", _("currency"))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return name, path, args, kwargs


class CurrencyMismatchError(ValueError):
    """Two amounts in different currencies were combined."""


@dataclass(frozen=True)
class Money:
    """An exact amount in one currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money amounts are Decimal, never float.")
        if self.currency not in CURRENCY_CODES:
            raise ValueError(f"Unknown currency {self.currency!r}.")

    def __add__(self, other: "Money") -> "Money":
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"{self.currency} + {other.currency}")
        return Money(self.amount + other.amount, self.currency)

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)


@lru_cache(maxsize=64)
def _locale(name: str) -> Locale | str:
    """The parsed locale, kept: Babel parses a name again on every call,
    which is most of the cost of a page of figures."""
    try:
        return Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return name


_PROBE = Decimal("1234567.891")


def _digits(number: Decimal, group: str, decimal: str, places: int) -> str:
    whole, _sep, fraction = f"{number:f}".partition(".")
    text = format(int(whole), ",").replace(",", group)
    return f"{text}{decimal}{fraction}" if places else text


@lru_cache(maxsize=512)
def _writer(currency: str, locale: Locale | str) -> Callable[[Decimal], str] | None:
    """A formatter of one currency in one locale that writes what Babel
    writes, with the pattern worked out once: Babel reads the locale's data
    again for each amount (symbol, separators, plural of the currency's name),
    a page of a few hundred figures spent 40 ms in it. Only for the plain
    patterns (groups of three, no scaling); the affixes are those of Babel's
    own output for a probe amount, so symbol, spacing and sign come from CLDR.
    None: Babel writes every amount."""
    if not isinstance(locale, Locale):
        return None
    pattern = locale.currency_formats.get("standard")
    if pattern is None or pattern.grouping != (3, 3) or pattern.exp_prec:
        return None
    if pattern.scale or pattern.frac_prec[0] != pattern.frac_prec[1]:
        return None
    places = get_currency_precision(currency)
    quantum = Decimal(1).scaleb(-places)
    group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    affixes = []
    for probe in (_PROBE, -_PROBE):
        written = format_currency(probe, currency, locale=locale)
        digits = _digits(abs(probe).quantize(quantum), group, decimal, places)
        prefix, found, suffix = written.partition(digits)
        if not found or digits in suffix:
            return None
        affixes.append((prefix, suffix))
    (plus, plus_end), (minus, minus_end) = affixes

    def write(amount: Decimal) -> str:
        # As Babel: the sign is the amount's, before rounding (-0.001 is
        # written as a negative zero), rounded half-even to the currency's
        # decimals.
        number = _digits(abs(amount).quantize(quantum), group, decimal, places)
        if amount.is_signed():
            return f"{minus}{number}{minus_end}"
        return f"{plus}{number}{plus_end}"

    return write


def format_money(
    amount: Decimal | int | None, currency: str, language: str = ""
) -> str:
    """An amount as people write it in the language (symbol, grouping, the
    currency's own decimals: Rp618.830.000, 618,83 $, ¥1,234.50), through
    Babel's CLDR data rather than by hand."""
    if amount is None or amount == "":
        return ""
    locale = _locale(to_locale(language or get_language() or "en"))
    try:
        value = Decimal(amount)
        write = _writer(currency, locale) if value.is_finite() else None
        if write is not None:
            return write(value)
        return format_currency(value, currency, locale=locale)
    except (ValueError, ArithmeticError, TypeError):
        return f"{amount} {currency}"
