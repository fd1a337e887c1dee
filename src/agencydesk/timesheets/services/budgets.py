"""Writes of budgets and their burn alerts (80% and 100%)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client, Contact, TeamMember
from agencydesk.comms.services.outbox import outbox_enqueue
from agencydesk.core.access import require_actor
from agencydesk.core.i18n import for_recipient
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
    client_alert_percent: int | None = None,
) -> Budget:
    """Create or change a client's retainer for a month or a project's budget;
    a retainer may tell the client when its hours used reach
    ``client_alert_percent``."""
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
    if client_alert_percent is not None and (
        kind != Budget.Kind.RETAINER
        or isinstance(client_alert_percent, bool)
        or not 1 <= client_alert_percent <= 100
    ):
        raise BudgetInvalidError(
            # xgettext:no-python-format
            _("The client is told at 1 to 100% of a retainer's hours.")
        )
    budget = existing.select_for_update().first() or Budget(**key)
    budget.kind = kind
    budget.minutes = minutes
    budget.amount = value
    budget.currency = currency
    budget.rolls_over = rolls_over
    budget.client_alert_percent = client_alert_percent
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
        _tell_client(client, burn)
    return fired


def _tell_client(client: Client, burn: Any) -> None:
    """E-mail the client's billing contacts and decision makers, each in their
    language and timezone, once the retainer's hours used reach the share the
    account manager set; once per retainer, i.e. once a month."""
    budget = burn.budget
    limit = budget.client_alert_percent
    if budget.kind != Budget.Kind.RETAINER or not limit:
        return
    if burn.hours_percent is None or burn.hours_percent < limit:
        return
    # The guarded update makes the alert fire once, even for two loggers at once.
    won = Budget.objects.filter(pk=budget.pk, client_alerted_at__isnull=True).update(
        client_alerted_at=timezone.now()
    )
    if not won:
        return
    contacts = Contact.objects.filter(
        client=client,
        role__in=[Contact.Role.BILLING, Contact.Role.DECISION_MAKER],
        user__is_active=True,
    ).select_related("user")
    link = settings.SITE_URL.rstrip("/") + reverse("portal:scope")
    for contact in contacts:
        person = contact.user
        if not person.email:
            continue
        context = {
            "person": person,
            "client": client,
            "burn": burn,
            "month": budget.month,
            "limit": limit,
            "link": link,
        }
        with for_recipient(person):
            subject = render_to_string(
                "timesheets/email/client_alert_subject.txt", context
            )
            text = render_to_string("timesheets/email/client_alert.txt", context)
        outbox_enqueue(
            to=[person.email],
            subject=" ".join(subject.split()),
            text=text,
            headers={"Auto-Submitted": "auto-generated"},
            ref=f"timesheets.client_alert:{budget.pk}:{contact.pk}",
        )
    timeline_record(
        actor=None,
        client_id=client.pk,
        verb="budget.client_told",
        target=budget,
        data={"threshold": limit, "percent": burn.hours_percent},
    )


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
