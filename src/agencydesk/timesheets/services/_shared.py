"""Helpers shared by the time-tracking services: whose time it is, the
locked week, amounts and currencies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from agencydesk.core.money import CURRENCY_CODES

from ..errors import (
    DurationInvalidError,
    NotYourTimeError,
    RateInvalidError,
)
from ..models import (
    MAX_DAY_MINUTES,
    TimesheetWeek,
)
from ..weeks import monday_of

APPROVE = "timesheets.approve_timesheetweek"


def _check_owner(actor: Any, user: Any) -> None:
    """People record their own time; approvers may record anyone's."""
    if actor is None or actor.pk == user.pk:
        return
    if not (actor.is_staff and actor.is_active and actor.has_perm(APPROVE)):
        raise NotYourTimeError


def _locked_week(user: Any, day: date) -> TimesheetWeek:
    """The person's week row, locked so approval and new time serialise."""
    week, _created = TimesheetWeek.objects.get_or_create(user=user, week=monday_of(day))
    return TimesheetWeek.objects.select_for_update().get(pk=week.pk)


def _check_minutes(minutes: Any) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise DurationInvalidError
    if not 0 < minutes <= MAX_DAY_MINUTES:
        raise DurationInvalidError
    return minutes


def _amount(value: Any) -> Decimal:
    if isinstance(value, float):
        raise RateInvalidError(_("Amounts are exact decimals, never floats."))
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise RateInvalidError(_("Enter the amount as a number.")) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise RateInvalidError(_("An amount must be zero or more."))
    return amount


def _currency(value: Any, error: type) -> str:
    if not value:
        raise error(_("Choose the currency of the amount."))
    if value not in CURRENCY_CODES:
        raise error(_("Unknown currency."))
    return value
