"""The built-in column mappings for the standard exports of Google Analytics 4,
Google Ads and Meta Ads Manager. A client's saved mapping of the same source
replaces the built-in one."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import ColumnMapping

DateFormat = ColumnMapping.DateFormat

# Meta names the money columns after the ad account's currency.
_CURRENCIES = ("USD", "EUR", "GBP", "IDR", "SGD", "RUB", "CNY", "AUD", "MYR", "THB")


@dataclass(frozen=True)
class Mapping:
    """A mapping as the import reads it: headers → metric slugs."""

    source: str
    label: str
    date_column: str
    date_format: str
    columns: dict[str, str] = field(default_factory=dict)

    def as_options(self) -> dict:
        return {
            "source": self.source,
            "date_column": self.date_column,
            "date_format": self.date_format,
            "columns": dict(self.columns),
        }


def _money(header: str, slug: str) -> dict[str, str]:
    return {f"{header} ({code})": slug for code in _CURRENCIES}


BUILTIN: dict[str, Mapping] = {
    m.source: m
    for m in (
        Mapping(
            "ga4",
            _("Google Analytics 4"),
            "Date",
            DateFormat.COMPACT,
            {
                "Sessions": "sessions",
                "Total users": "users",
                "Active users": "users",
                "Key events": "conversions",
                "Conversions": "conversions",
                "Engagement rate": "engagement-rate",
            },
        ),
        Mapping(
            "google-ads",
            _("Google Ads"),
            "Day",
            DateFormat.ISO,
            {
                "Impr.": "impressions",
                "Impressions": "impressions",
                "Clicks": "clicks",
                "CTR": "ctr",
                "Avg. CPC": "cpc",
                "Cost": "spend",
                "Conversions": "conversions",
                "Cost / conv.": "cpl",
            },
        ),
        Mapping(
            "meta-ads",
            _("Meta Ads Manager"),
            "Reporting starts",
            DateFormat.ISO,
            {
                "Impressions": "impressions",
                "Link clicks": "clicks",
                "CTR (link click-through rate)": "ctr",
                "Leads": "leads",
                **_money("Amount spent", "spend"),
                **_money("CPC (cost per link click)", "cpc"),
                **_money("Cost per lead", "cpl"),
            },
        ),
    )
}
