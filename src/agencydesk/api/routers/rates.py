"""/exchange-rates: the table that converts money into another currency
(burn into a budget's, finance's profitability into the agency's), through
timesheets' selector and service, under the finance scopes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from agencydesk.core.access import require
from agencydesk.timesheets import services
from agencydesk.timesheets.selectors import exchange_rate_list

from ..auth import FINANCE_READ, FINANCE_WRITE
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.rates import (
    ExchangeRateFilter,
    ExchangeRateIn,
    ExchangeRateOut,
    ExchangeRatePage,
)

router = Router(tags=["finance"])

# Newest first; the id ends it (the cursor's rule).
ORDERING = ("-valid_from", "-pk")


@router.get("", response={200: ExchangeRatePage, **ERRORS}, auth=FINANCE_READ)
def exchange_rate_list_(
    request: HttpRequest, filters: Query[ExchangeRateFilter]
) -> Any:
    """The rates, newest valid date first (earlier ones are the history)."""
    require(request.viewer, "timesheets.view_exchangerate")
    rows = exchange_rate_list()
    if filters.from_currency:
        rows = rows.filter(from_currency=filters.from_currency)
    if filters.to_currency:
        rows = rows.filter(to_currency=filters.to_currency)
    if filters.on:
        rows = rows.filter(valid_from__lte=filters.on)
    items, cursor = cursor_page(
        rows, ordering=ORDERING, cursor=filters.cursor, limit=filters.limit
    )
    return {"items": items, "next_cursor": cursor}


@router.post("", response={201: ExchangeRateOut, **ERRORS}, auth=FINANCE_WRITE)
def exchange_rate_set(request: HttpRequest, payload: ExchangeRateIn) -> Any:
    """Say what 1 unit of a currency is worth in another from a date on; the
    rate of the same pair and date is replaced (one a day)."""
    require(request.viewer, "timesheets.add_exchangerate")
    rate = services.exchange_rate_set(actor=request.user, **payload.model_dump())
    return Status(201, rate)
