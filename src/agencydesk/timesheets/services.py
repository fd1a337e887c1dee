"""Writes of time tracking: entries, the timer, timesheet weeks, rates, budgets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client, TeamMember
from agencydesk.core.access import require_actor
from agencydesk.core.money import CURRENCY_CODES
from agencydesk.core.notifications import notify
from agencydesk.core.timeline import timeline_record
from agencydesk.people.roles import Role

from .errors import (
    BudgetInvalidError,
    DurationInvalidError,
    NotYourTimeError,
    RateInvalidError,
    TimerNotRunningError,
    TimerRunningError,
    TimerTooLongError,
    TimesheetTransitionError,
    WeekLockedError,
)
from .models import (
    MAX_DAY_MINUTES,
    Budget,
    BudgetAlert,
    ExchangeRate,
    Rate,
    TimeEntry,
    Timer,
    TimesheetWeek,
)
from .rates import rates_for, value_of
from .selectors import (
    THRESHOLDS,
    budgets_for_day,
    burn_for_budgets,
    timer_cache_key,
)
from .weeks import monday_of

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


@transaction.atomic
def time_entry_create(
    *,
    actor: Any,
    user: Any,
    day: date,
    minutes: int,
    client: Client | None = None,
    project: str = "",
    ticket: Any = None,
    note: str = "",
    is_billable: bool = True,
) -> TimeEntry:
    """Record time; refused in a locked week or past 24 hours in a day. The
    rates in force that day are frozen into the entry, and the budgets it burns
    are checked for their 80% and 100% alerts."""
    require_actor(actor, "timesheets.add_timeentry")
    _check_owner(actor, user)
    minutes = _check_minutes(minutes)
    if ticket is not None:
        client = ticket.client
    if _locked_week(user, day).is_locked:
        raise WeekLockedError
    logged = (
        TimeEntry.objects.filter(user=user, date=day).aggregate(total=Sum("minutes"))[
            "total"
        ]
        or 0
    )
    if logged + minutes > MAX_DAY_MINUTES:
        raise DurationInvalidError
    client_id = client.pk if client else None
    bill, cost = rates_for(user=user, client_id=client_id, day=day)
    entry = TimeEntry.objects.create(
        user=user,
        client=client,
        project=project.strip(),
        ticket=ticket,
        date=day,
        minutes=minutes,
        note=note.strip(),
        is_billable=is_billable and client is not None,
        bill_amount=value_of(minutes, bill.amount)
        if is_billable and client
        else Decimal("0"),
        bill_currency=bill.currency,
        cost_amount=value_of(minutes, cost.amount),
        cost_currency=cost.currency,
    )
    if client is not None and entry.is_billable:
        budget_check_alerts(client=client, day=day, project=entry.project)
    return entry


@transaction.atomic
def time_entry_delete(*, actor: Any, entry: TimeEntry) -> None:
    """Remove an entry of an open week."""
    require_actor(actor, "timesheets.add_timeentry")
    _check_owner(actor, entry.user)
    if _locked_week(entry.user, entry.date).is_locked:
        raise WeekLockedError
    entry.delete()


def _forget_timer(person: Any) -> None:
    """The top bar reads the timer from the cache: drop it now and once this
    commits (a page read in between may have cached the old state)."""
    key = timer_cache_key(person.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _zone_of(person: Any) -> ZoneInfo:
    try:
        return ZoneInfo(person.timezone)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def _today_of(person: Any) -> date:
    """The day it is for the person, where they are (their timer's day)."""
    return timezone.now().astimezone(_zone_of(person)).date()


@transaction.atomic
def timer_start(
    *,
    actor: Any,
    client: Client | None = None,
    project: str = "",
    ticket: Any = None,
    note: str = "",
    is_billable: bool = True,
) -> Timer:
    """Start the actor's timer; one runs at a time (the database holds the rule).
    Refused in a submitted or approved week: its time could never be saved."""
    require_actor(actor, "timesheets.add_timeentry")
    if ticket is not None:
        client = ticket.client
    if _locked_week(actor, _today_of(actor)).is_locked:
        raise WeekLockedError
    _forget_timer(actor)
    try:
        with transaction.atomic():
            return Timer.objects.create(
                user=actor,
                client=client,
                project=project.strip(),
                ticket=ticket,
                note=note.strip(),
                is_billable=is_billable,
                started_at=timezone.now(),
            )
    except IntegrityError:
        raise TimerRunningError from None


@transaction.atomic
def timer_stop(*, actor: Any, now: Any = None) -> TimeEntry:
    """Stop the actor's timer and record its time on the day it started (in the
    person's timezone), rounded to the minute, at least one."""
    timer = Timer.objects.select_for_update().filter(user=actor).first()
    if timer is None:
        _forget_timer(actor)  # the top bar showed one that went another way
        raise TimerNotRunningError
    elapsed = (now or timezone.now()) - timer.started_at
    if elapsed > timedelta(hours=24):
        raise TimerTooLongError
    minutes = max(1, round(elapsed.total_seconds() / 60))
    entry = time_entry_create(
        actor=actor,
        user=actor,
        day=timer.started_at.astimezone(_zone_of(actor)).date(),
        minutes=minutes,
        client=timer.client,
        project=timer.project,
        ticket=timer.ticket,
        note=timer.note,
        is_billable=timer.is_billable,
    )
    timer.delete()
    _forget_timer(actor)
    return entry


@transaction.atomic
def timer_discard(*, actor: Any) -> None:
    """Throw the actor's running timer away without recording time."""
    if not Timer.objects.filter(user=actor).delete()[0]:
        raise TimerNotRunningError
    _forget_timer(actor)


@transaction.atomic
def timesheet_submit(*, actor: Any, user: Any, week: date) -> TimesheetWeek:
    """Hand a week in for approval; its time is locked from now on."""
    require_actor(actor, "timesheets.add_timeentry")
    _check_owner(actor, user)
    timesheet = _locked_week(user, week)
    if timesheet.status != TimesheetWeek.Status.OPEN:
        raise TimesheetTransitionError(_("This week is already submitted."))
    timesheet.status = TimesheetWeek.Status.SUBMITTED
    timesheet.submitted_at = timezone.now()
    timesheet.save(update_fields=["status", "submitted_at"])
    return timesheet


@transaction.atomic
def timesheet_approve(*, actor: Any, timesheet: TimesheetWeek) -> TimesheetWeek:
    """Approve a submitted week; it stays locked."""
    require_actor(actor, APPROVE)
    timesheet = TimesheetWeek.objects.select_for_update().get(pk=timesheet.pk)
    if timesheet.status != TimesheetWeek.Status.SUBMITTED:
        raise TimesheetTransitionError(_("Only a submitted week can be approved."))
    timesheet.status = TimesheetWeek.Status.APPROVED
    timesheet.decided_by = actor
    timesheet.decided_at = timezone.now()
    timesheet.save(update_fields=["status", "decided_by", "decided_at"])
    return timesheet


@transaction.atomic
def timesheet_reopen(*, actor: Any, timesheet: TimesheetWeek) -> TimesheetWeek:
    """Give a submitted or approved week back to its person for changes."""
    require_actor(actor, APPROVE)
    timesheet = TimesheetWeek.objects.select_for_update().get(pk=timesheet.pk)
    if timesheet.status == TimesheetWeek.Status.OPEN:
        raise TimesheetTransitionError(_("This week is already open."))
    timesheet.status = TimesheetWeek.Status.OPEN
    timesheet.decided_by = actor
    timesheet.decided_at = timezone.now()
    timesheet.save(update_fields=["status", "decided_by", "decided_at"])
    return timesheet


WEEK_DECISIONS = ("approve", "return")
MAX_WEEKS_AT_ONCE = 200


def _parse_week_ids(timesheet_ids: Sequence[Any]) -> list[int]:
    try:
        ids = sorted({int(pk) for pk in timesheet_ids})
    except (TypeError, ValueError):
        raise TimesheetTransitionError(_("Choose weeks from the list.")) from None
    if not ids:
        raise TimesheetTransitionError(_("Choose at least one week."))
    if len(ids) > MAX_WEEKS_AT_ONCE:
        raise TimesheetTransitionError(
            _("Decide at most %(n)s weeks at once.") % {"n": MAX_WEEKS_AT_ONCE}
        )
    return ids


@transaction.atomic
def timesheets_decide_many(
    *, actor: Any, timesheet_ids: Sequence[Any], action: str, reason: str = ""
) -> list[TimesheetWeek]:
    """Approve, or return with a reason, several submitted weeks at once: each
    by the one-week rule, all or none. A returned week opens again and its
    person is told why."""
    require_actor(actor, APPROVE)
    reason = (reason or "").strip()
    if action not in WEEK_DECISIONS:
        raise TimesheetTransitionError(_("Choose approve or return."))
    if action == "return" and not reason:
        raise TimesheetTransitionError(
            _("Say why the weeks go back: their people read it.")
        )
    ids = _parse_week_ids(timesheet_ids)
    # Locked in id order, as every other writer of these rows does one at a time.
    weeks = list(
        TimesheetWeek.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("user")
        .order_by("pk")
    )
    if len(weeks) != len(ids):
        raise TimesheetTransitionError(
            _("Some of the chosen weeks no longer exist; nothing was changed.")
        )
    for week in weeks:
        if week.status != TimesheetWeek.Status.SUBMITTED:
            raise TimesheetTransitionError(
                _(
                    "%(person)s's week of %(week)s is no longer waiting for "
                    "approval; nothing was changed."
                )
                % {
                    "person": week.user.display_name,
                    "week": date_format(week.week, "SHORT_DATE_FORMAT"),
                }
            )
    decided = []
    for week in weeks:
        if action == "approve":
            decided.append(timesheet_approve(actor=actor, timesheet=week))
        else:
            decided.append(timesheet_reopen(actor=actor, timesheet=week))
            _tell_returned(week, reason)
    return decided


def _tell_returned(timesheet: TimesheetWeek, reason: str) -> None:
    week = timesheet.week
    notify(
        recipient=timesheet.user,
        verb="timesheet.returned",
        title=lambda: (
            _("Your timesheet for the week of %(week)s was returned")
            % {"week": date_format(week, "SHORT_DATE_FORMAT")}
        ),
        body=reason,
        url=f"{reverse('timesheets:week')}?week={week.isoformat()}",
    )


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
