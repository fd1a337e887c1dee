"""Reads of the running timer: the person's timer, and the top bar's cached
view of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache

from ..models import Timer


def timer_for(*, user) -> Timer | None:
    """The person's running timer, if any."""
    return (
        Timer.objects.filter(user=user)
        .select_related("client", "ticket", "task")
        .first()
    )


@dataclass(frozen=True)
class RunningTimer:
    """What the top bar shows of a running timer."""

    started_at: datetime
    ticket_reference: str = ""
    ticket_url: str = ""
    client_name: str = ""
    task_id: int | None = None
    task_title: str = ""
    task_url: str = ""


# The top bar is on every page: the timer is read from the cache (filled at
# sign-in), which the timer's services clear when it starts or stops, and which
# expires anyway in case a timer went some other way (e.g. the admin).
TIMER_CACHE_SECONDS = 3600


def timer_cache_key(user_id: int) -> str:
    return f"timesheets.running-timer:{user_id}"


def running_timer(*, user) -> RunningTimer | None:
    """The person's running timer for the top bar (no query once cached)."""
    key = timer_cache_key(user.pk)
    cached = cache.get(key)
    if cached is None:
        timer = timer_for(user=user)
        cached = (
            RunningTimer(
                started_at=timer.started_at,
                ticket_reference=timer.ticket.reference if timer.ticket else "",
                ticket_url=timer.ticket.get_absolute_url() if timer.ticket else "",
                client_name=timer.client.name if timer.client else "",
                task_id=timer.task_id,
                # Shown as typed; a shipped template's title stays in English
                # in the top bar (the cache is shared by every language).
                task_title=timer.task.title if timer.task else "",
                task_url=timer.task.get_absolute_url() if timer.task else "",
            )
            if timer
            else False
        )
        cache.set(key, cached, TIMER_CACHE_SECONDS)
    return cached or None
