"""Periodic tasks run once per slot of their schedule, however many workers
enqueue them (core.schedule)."""

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from huey import crontab
from huey.contrib.djhuey import HUEY

from agencydesk.core.models import Event, ScheduledRun
from agencydesk.core.schedule import schedule_slot, slot_finish, slot_take
from agencydesk.desk import tasks as desk_tasks
from agencydesk.desk.models import SlaState, Ticket
from agencydesk.people import tasks as people_tasks
from agencydesk.people.roles import Role
from tests.factories.desk import make_ticket
from tests.factories.people import make_staff

# Every worker may beat: a second beat in a minute rewrites the same row.
EVERY_WORKER = {"agencydesk.core.tasks.worker_heartbeat"}


def test_every_periodic_task_but_the_heartbeat_runs_once_per_schedule():
    periodic = {
        f"{task.__module__}.{task.__name__}": task
        for task in HUEY._registry._registry.values()
        if hasattr(task, "validate_datetime")
    }

    unguarded = {
        name
        for name, task in periodic.items()
        if not getattr(task, "once_per_schedule", False)
    }

    assert unguarded == EVERY_WORKER
    assert "agencydesk.desk.tasks.sla_sweep" in periodic


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("schedule", "now", "slot"),
    [
        (crontab(minute="*"), utc(2026, 12, 7, 12, 34, 56), utc(2026, 12, 7, 12, 34)),
        # A copy the queue started late still names the minute that fired.
        (crontab(minute="20"), utc(2026, 12, 7, 12, 21, 5), utc(2026, 12, 7, 12, 20)),
        (crontab(minute="20"), utc(2026, 12, 7, 12, 19), utc(2026, 12, 7, 11, 20)),
        (
            crontab(hour="8", minute="0"),
            utc(2026, 12, 7, 8, 3),
            utc(2026, 12, 7, 8, 0),
        ),
        (
            crontab(hour="8", minute="0"),
            utc(2026, 12, 7, 7, 59),
            utc(2026, 12, 6, 8, 0),
        ),
        (crontab(minute="*/5"), utc(2026, 12, 7, 9, 14), utc(2026, 12, 7, 9, 10)),
    ],
)
def test_the_slot_is_the_last_minute_the_schedule_matched(schedule, now, slot):
    assert HUEY.utc
    assert schedule_slot(schedule, now) == slot


@pytest.mark.django_db
def test_a_slot_is_taken_once_and_the_next_slot_again():
    first = slot_take("agencydesk.example", utc(2026, 12, 7, 12, 34))

    assert first is not None
    assert slot_take("agencydesk.example", utc(2026, 12, 7, 12, 34)) is None
    assert slot_take("agencydesk.example", utc(2026, 12, 7, 12, 35)) is not None

    slot_finish(first)
    first.refresh_from_db()
    assert first.finished_at is not None
    assert first.error == ""


@pytest.mark.django_db
def test_runs_older_than_a_week_are_forgotten_when_a_run_ends():
    old = slot_take("agencydesk.example", utc(2026, 11, 20, 12, 0))
    kept = slot_take("agencydesk.example", utc(2026, 12, 2, 12, 0))
    run = slot_take("agencydesk.example", utc(2026, 12, 7, 12, 0))

    slot_finish(run)

    assert set(ScheduledRun.objects.values_list("pk", flat=True)) == {kept.pk, run.pk}
    assert old is not None


@pytest.mark.django_db
def test_a_second_copy_of_the_sweep_in_the_same_minute_escalates_nothing(
    client_a, manager, caplog
):
    """Two workers' schedulers each enqueue the sweep: the copy that comes
    second in the minute skips, whatever became due in between waits for the
    next minute."""
    from agencydesk.clients.services import team_member_add

    caplog.set_level(logging.INFO, logger="agencydesk.core.schedule")
    make_staff(Role.AGENCY_LEAD)
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    long_ago = datetime.now(UTC) - timedelta(days=30)
    first = make_ticket(client_a, now=long_ago)

    desk_tasks.sla_sweep.call_local()
    second = make_ticket(client_a, now=long_ago)
    desk_tasks.sla_sweep.call_local()

    assert Ticket.objects.get(pk=first.pk).sla_state == SlaState.BREACHED
    assert Ticket.objects.get(pk=second.pk).sla_state != SlaState.BREACHED
    assert Event.objects.filter(verb="ticket.sla_breached").count() == 1
    [run] = ScheduledRun.objects.filter(task="agencydesk.desk.tasks.sla_sweep")
    assert run.finished_at is not None
    assert "already taken by" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_copies_started_at_once_run_once():
    """Copies racing for one slot in their own connections: one runs."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "the in-memory SQLite test database locks whole tables between "
            "threads (shared cache) instead of waiting as the real file does; "
            "the PostgreSQL run and tests/deploy/test_topology.py race real workers"
        )
    copies = 4
    barrier = threading.Barrier(copies)
    errors = []

    def copy():
        try:
            barrier.wait()
            people_tasks.sign_in_limits_purge.call_local()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=copy) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert (
        ScheduledRun.objects.filter(
            task="agencydesk.people.tasks.sign_in_limits_purge"
        ).count()
        == 1
    )
