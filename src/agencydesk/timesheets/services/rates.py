"""Writes of the rate tables: cost and bill rates, exchange rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client
from agencydesk.core.access import require_actor
from agencydesk.people.roles import Role

from ..errors import (
    RateInvalidError,
)
from ..models import (
    ExchangeRate,
    Rate,
)
from ._shared import _amount, _currency


@transaction.atomic
def rate_set(
    *,
    actor: Any,
    kind: str,
    hourly_amount: Any,
    currency: str,
    effective_from: date,
    user: Any = None,
    role: str = "",
    client: Client | None = None,
) -> Rate:
    """Set a cost or bill rate from a date; earlier rates stay as history and a
    rate for the same person/role, client and date is replaced."""
    require_actor(actor, "timesheets.add_rate")
    currency = _currency(currency, RateInvalidError)
    amount = _amount(hourly_amount)
    if kind not in Rate.Kind.values:
        raise RateInvalidError(_("Choose a cost or a bill rate."))
    if (user is None) == (not role) or (role and role not in Role.values):
        raise RateInvalidError(_("A rate is for one person or for one role."))
    if kind == Rate.Kind.COST and (user is None or client is not None):
        raise RateInvalidError(_("A cost rate is for one person, whatever the client."))
    rate, _created = Rate.objects.update_or_create(
        kind=kind,
        user=user,
        role=role,
        client=client,
        effective_from=effective_from,
        defaults={"hourly_amount": amount, "currency": currency},
    )
    return rate


@transaction.atomic
def exchange_rate_set(
    *,
    actor: Any,
    from_currency: str,
    to_currency: str,
    rate: Any,
    valid_from: date,
) -> ExchangeRate:
    """Say what one unit of a currency is worth in another from a date on; a
    rate for the same pair and date is replaced, earlier ones stay as history.
    Burn converts time logged in another currency than its budget with it."""
    require_actor(actor, "timesheets.add_exchangerate")
    source = _currency(from_currency, RateInvalidError)
    target = _currency(to_currency, RateInvalidError)
    if source == target:
        raise RateInvalidError(_("An exchange rate is between two currencies."))
    value = _amount(rate)
    if not value:
        raise RateInvalidError(_("An exchange rate must be above zero."))
    if not isinstance(valid_from, date):
        raise RateInvalidError(_("Choose the date the rate is valid from."))
    exchange, _created = ExchangeRate.objects.update_or_create(
        from_currency=source,
        to_currency=target,
        valid_from=valid_from,
        defaults={
            "rate": value.quantize(Decimal("0.00000001")),
            "created_by": actor,
        },
    )
    return exchange
