"""Money: Decimal amounts with an ISO 4217 currency, never floats."""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency
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
        return format_currency(Decimal(amount), currency, locale=locale)
    except (ValueError, ArithmeticError):
        return f"{amount} {currency}"
