"""Writes of budgets and their burn alerts (80% and 100%)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client, TeamMember
from agencydesk.core.access import require_actor
from agencydesk.core.notifications import notify
from agencydesk.core.timeline import timeline_record

from ..errors import (
    BudgetInvalidError,
    RateInvalidError,
)
from ..models import (
    Budget,
    BudgetAlert,
)
from ..selectors.budgets import THRESHOLDS, budgets_for_day, burn_for_budgets
from ._shared import _amount, _currency


@transaction.atomic
def budget_set(
    *,
    actor: Any,
    client: Client,
    kind: str,
    minutes: int,
    amount: Any,
    currency: str,
    month: date | None = None,
    project: str = "",
    rolls_over: bool = False,
) -> Budget:
    """Create or change a client's retainer for a month or a project's budget."""
    require_actor(actor, "timesheets.add_budget")
    currency = _currency(currency, BudgetInvalidError)
    try:
        value = _amount(amount)
    except RateInvalidError as error:
        raise BudgetInvalidError(error.message) from None
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise BudgetInvalidError(_("Budget hours must be zero or more."))
    if not minutes and not value:
        raise BudgetInvalidError(_("A budget needs hours, money or both."))
    if kind == Budget.Kind.RETAINER:
        if month is None:
            raise BudgetInvalidError(_("A retainer is for a month."))
        key = {"client": client, "month": month.replace(day=1)}
        existing = Budget.objects.filter(kind=kind, **key)
    elif kind in (Budget.Kind.FIXED, Budget.Kind.TIME_AND_MATERIALS):
        if not project.strip():
            raise BudgetInvalidError(_("A project budget needs the project's name."))
        key = {"client": client, "project": project.strip()}
        existing = Budget.objects.filter(**key).exclude(kind=Budget.Kind.RETAINER)
        rolls_over = False
    else:
        raise BudgetInvalidError(_("Choose the kind of budget."))
    budget = existing.select_for_update().first() or Budget(**key)
    budget.kind = kind
    budget.minutes = minutes
    budget.amount = value
    budget.currency = currency
    budget.rolls_over = rolls_over
    budget.save()
    timeline_record(
        actor=actor, client_id=client.pk, verb="budget.set", target=budget, data={}
    )
    budget_check_alerts(client=client, budgets=[budget])
    return budget


def budget_check_alerts(
    *,
    client: Client,
    day: date | None = None,
    project: str = "",
    budgets: list[Budget] | None = None,
) -> list[BudgetAlert]:
    """Alert the client's account managers once when a budget's burn reaches 80%
    and once when it reaches 100% (in-app, and by e-mail through the channels)."""
    if budgets is None:
        budgets = budgets_for_day(client_id=client.pk, day=day, project=project)
    fired = []
    for burn in burn_for_budgets(budgets):
        for threshold in THRESHOLDS:
            if burn.percent < threshold:
                continue
            try:
                with transaction.atomic():
                    alert = BudgetAlert.objects.create(
                        budget=burn.budget, threshold=threshold
                    )
            except IntegrityError:
                continue
            fired.append(alert)
            _notify_managers(client, burn, threshold)
    return fired


def _notify_managers(client: Client, burn: Any, threshold: int) -> None:
    budget = burn.budget
    timeline_record(
        actor=None,
        client_id=client.pk,
        verb="budget.threshold_crossed",
        target=budget,
        data={"threshold": threshold, "percent": burn.percent},
    )
    managers = TeamMember.objects.filter(
        client=client, role=TeamMember.Role.ACCOUNT_MANAGER
    ).select_related("user")
    values = {
        "client": client.name,
        "period": budget.month.strftime("%Y-%m") if budget.month else budget.project,
        "threshold": threshold,
        "percent": burn.percent,
    }
    for member in managers:
        notify(
            recipient=member.user,
            verb="budget.threshold_crossed",
            title=lambda: (
                _(
                    "%(client)s: budget %(period)s passed %(threshold)s%% "
                    "(now %(percent)s%%)"
                )
                % values
            ),
            body=lambda: (
                _("The budget has reached %(threshold)s%% of its hours or money.")
                % {"threshold": threshold}
            ),
            url=reverse("planning:budgets"),
        )
