"""Time entries and the timer (timesheets.services.entries): durations, frozen
rates, internal time, one timer at a time, stopping it."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.errors import (
    DurationInvalidError,
    TimerRunningError,
    TimerTooLongError,
)
from agencydesk.timesheets.models import TimeEntry, Timer
from tests.factories.people import make_staff

MONDAY = date(2026, 11, 2)


@pytest.fixture
def designer(db):
    return make_staff(
        Role.SPECIALIST,
        full_name="Dina Designer",
        hourly_cost=Decimal("20"),
        default_bill_rate=Decimal("60"),
        rate_currency="USD",
    )


def _log(user, client=None, minutes=60, day=MONDAY, **kw):
    return services.time_entry_create(
        actor=user, user=user, day=day, minutes=minutes, client=client, **kw
    )


@pytest.mark.parametrize("minutes", [-30, 0, 24 * 60 + 1, 10**9])
def test_absurd_durations_are_refused_and_nothing_is_saved(designer, client_a, minutes):
    with pytest.raises(DurationInvalidError) as error:
        _log(designer, client_a, minutes=minutes)
    assert error.value.message == (
        "A duration must be more than 0 minutes and at most 24 hours a day."
    )
    assert TimeEntry.objects.count() == 0


def test_a_day_cannot_hold_more_than_24_hours(designer, client_a):
    _log(designer, client_a, minutes=20 * 60)
    with pytest.raises(DurationInvalidError):
        _log(designer, client_a, minutes=5 * 60)
    assert list(TimeEntry.objects.values_list("minutes", flat=True)) == [1200]


def test_an_entry_freezes_the_profile_rates_in_exact_decimals(designer, client_a):
    entry = _log(designer, client_a, minutes=90)
    assert entry.bill_amount == Decimal("90.00")
    assert entry.bill_currency == "USD"
    assert entry.cost_amount == Decimal("30.00")
    assert isinstance(entry.bill_amount, Decimal)


def test_internal_time_is_never_billable(designer):
    entry = _log(designer, None, minutes=60)
    assert (entry.is_billable, entry.bill_amount, entry.cost_amount) == (
        False,
        Decimal("0"),
        Decimal("20.00"),
    )


def test_one_timer_at_a_time_and_it_lives_in_the_database(designer, client_a):
    services.timer_start(actor=designer, client=client_a, note="Banner")
    with pytest.raises(TimerRunningError) as error:
        services.timer_start(actor=designer, client=client_a)
    assert error.value.message == (
        "A timer is already running. Stop it before starting another one."
    )
    assert Timer.objects.filter(user=designer).count() == 1


def test_stopping_the_timer_records_rounded_minutes(designer, client_a):
    timer = services.timer_start(actor=designer, client=client_a, note="Banner")
    entry = services.timer_stop(
        actor=designer, now=timer.started_at + timedelta(minutes=44, seconds=31)
    )
    assert (entry.minutes, entry.note, entry.client_id) == (45, "Banner", client_a.pk)
    assert Timer.objects.count() == 0


def test_a_timer_forgotten_for_days_is_refused(designer, client_a):
    timer = services.timer_start(actor=designer, client=client_a)
    with pytest.raises(TimerTooLongError):
        services.timer_stop(actor=designer, now=timer.started_at + timedelta(days=2))
    assert (Timer.objects.count(), TimeEntry.objects.count()) == (1, 0)


def test_timer_started_late_evening_lands_on_the_local_day(designer, client_a):
    designer.timezone = "Asia/Jakarta"
    designer.save(update_fields=["timezone"])
    timer = services.timer_start(actor=designer, client=client_a)
    Timer.objects.filter(pk=timer.pk).update(
        started_at=datetime(2026, 11, 2, 16, 30, tzinfo=UTC)
    )
    entry = services.timer_stop(
        actor=designer,
        now=datetime(2026, 11, 2, 17, 30, tzinfo=UTC),
    )
    assert (entry.date, entry.minutes) == (date(2026, 11, 2), 60)
