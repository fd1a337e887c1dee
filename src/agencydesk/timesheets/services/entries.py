"""Writes of time entries and the timer: record, delete, start, stop, discard."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from agencydesk.clients.models import Client
from agencydesk.core.access import require_actor
from agencydesk.core.timeline import timeline_record
from agencydesk.work.services import scope_check_alerts

from ..errors import (
    DurationInvalidError,
    TimerNotRunningError,
    TimerRunningError,
    TimerTooLongError,
    WeekLockedError,
)
from ..models import (
    MAX_DAY_MINUTES,
    TimeEntry,
    Timer,
)
from ..selectors.rates import rates_for, value_of
from ..selectors.timer import timer_cache_key
from ..weeks import format_minutes
from ._shared import _check_minutes, _check_owner, _locked_week
from .budgets import budget_check_alerts


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
    task: Any = None,
    note: str = "",
    is_billable: bool = True,
) -> TimeEntry:
    """Record time; refused in a locked week or past 24 hours in a day. The
    rates in force that day are frozen into the entry, and the budgets it burns
    are checked for their 80% and 100% alerts."""
    require_actor(actor, "timesheets.add_timeentry")
    _check_owner(actor, user)
    minutes = _check_minutes(minutes)
    client, ticket = _task_links(task, client, ticket)
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
        task=task,
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
    if task is not None:
        timeline_record(
            actor=actor,
            client_id=client.pk,
            verb="task.time_logged",
            target=task,
            data={"duration": format_minutes(minutes), "person": user.display_name},
        )
    if client is not None:
        scope_check_alerts(client=client, on=day)
    return entry


def _task_links(task: Any, client: Any, ticket: Any) -> tuple[Any, Any]:
    """Time on a task is for the task's client and, when the task came from a
    ticket, that ticket."""
    if task is None:
        return client, ticket
    return task.project.client, task.ticket if task.ticket_id else ticket


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
    transaction.on_commit(lambda: cache.delete(key), robust=True)


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
    task: Any = None,
    note: str = "",
    is_billable: bool = True,
) -> Timer:
    """Start the actor's timer; one runs at a time (the database holds the rule).
    Refused in a submitted or approved week: its time could never be saved."""
    require_actor(actor, "timesheets.add_timeentry")
    client, ticket = _task_links(task, client, ticket)
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
                task=task,
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
    timer = (
        Timer.objects.select_for_update(of=("self",))
        .select_related("task__project__client", "ticket__client")
        .filter(user=actor)
        .first()
    )
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
        task=timer.task,
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


_UNCHANGED: Any = object()


@transaction.atomic
def time_entry_update(
    *,
    actor: Any,
    entry: TimeEntry,
    day: date | None = None,
    minutes: int | None = None,
    client: Any = _UNCHANGED,
    project: str | None = None,
    ticket: Any = _UNCHANGED,
    note: str | None = None,
    is_billable: bool | None = None,
) -> TimeEntry:
    """Change an entry of an open week (a field left ``None`` stays; ``client``
    and ``ticket`` may be set to ``None``): refused when the week it is in, or
    the week it moves to, is locked, or past 24 hours in a day. The rates of
    its (new) day and client are frozen in again, and budgets re-checked."""
    require_actor(actor, "timesheets.add_timeentry")
    entry = TimeEntry.objects.select_for_update().get(pk=entry.pk)
    _check_owner(actor, entry.user)
    if _locked_week(entry.user, entry.date).is_locked:
        raise WeekLockedError
    new_day = day or entry.date
    if new_day != entry.date and _locked_week(entry.user, new_day).is_locked:
        raise WeekLockedError
    new_minutes = entry.minutes if minutes is None else _check_minutes(minutes)
    if ticket is not _UNCHANGED:
        entry.ticket = ticket
        if ticket is not None:
            client = ticket.client
    if client is not _UNCHANGED:
        entry.client = client
    logged = (
        TimeEntry.objects.filter(user=entry.user, date=new_day)
        .exclude(pk=entry.pk)
        .aggregate(total=Sum("minutes"))["total"]
        or 0
    )
    if logged + new_minutes > MAX_DAY_MINUTES:
        raise DurationInvalidError
    entry.date, entry.minutes = new_day, new_minutes
    if project is not None:
        entry.project = project.strip()
    if note is not None:
        entry.note = note.strip()
    billable = entry.is_billable if is_billable is None else is_billable
    entry.is_billable = billable and entry.client is not None
    bill, cost = rates_for(user=entry.user, client_id=entry.client_id, day=new_day)
    entry.bill_amount = (
        value_of(new_minutes, bill.amount) if entry.is_billable else Decimal("0")
    )
    entry.bill_currency = bill.currency
    entry.cost_amount = value_of(new_minutes, cost.amount)
    entry.cost_currency = cost.currency
    entry.save()
    if entry.client is not None and entry.is_billable:
        budget_check_alerts(client=entry.client, day=new_day, project=entry.project)
    return entry
