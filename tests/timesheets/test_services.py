"""Time entries, the timer, timesheet locking, rates and budgets alerts."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Notification
from agencydesk.core.money import CurrencyMismatchError, Money
from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.errors import (
    BudgetInvalidError,
    DurationInvalidError,
    NotYourTimeError,
    RateInvalidError,
    TimerRunningError,
    TimerTooLongError,
    WeekLockedError,
)
from agencydesk.timesheets.models import Budget, BudgetAlert, Rate, TimeEntry, Timer
from agencydesk.timesheets.selectors.rates import rates_for
from agencydesk.timesheets.selectors import burn_for_budgets
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


def test_time_in_a_submitted_or_approved_week_is_locked(designer, client_a, manager):
    entry = _log(designer, client_a, minutes=60)
    timesheet = services.timesheet_submit(actor=designer, user=designer, week=MONDAY)
    with pytest.raises(WeekLockedError):
        _log(designer, client_a, minutes=30, day=MONDAY + timedelta(days=2))
    with pytest.raises(WeekLockedError):
        services.time_entry_delete(actor=designer, entry=entry)
    services.timesheet_approve(actor=manager, timesheet=timesheet)
    with pytest.raises(WeekLockedError):
        _log(designer, client_a, minutes=30)
    assert list(TimeEntry.objects.values_list("minutes", flat=True)) == [60]
    # The next week is open.
    assert _log(designer, client_a, day=MONDAY + timedelta(days=7)).minutes == 60


def test_a_specialist_cannot_approve_or_log_for_others(designer, specialist, client_a):
    timesheet = services.timesheet_submit(actor=designer, user=designer, week=MONDAY)
    with pytest.raises(PermissionDenied):
        services.timesheet_approve(actor=specialist, timesheet=timesheet)
    with pytest.raises(NotYourTimeError):
        services.time_entry_create(
            actor=specialist, user=designer, day=MONDAY, minutes=10, client=client_a
        )
    assert TimeEntry.objects.count() == 0


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


def test_a_rate_needs_a_currency(admin_user, designer):
    with pytest.raises(RateInvalidError) as error:
        services.rate_set(
            actor=admin_user,
            kind="bill",
            user=designer,
            hourly_amount="50",
            currency="",
            effective_from=MONDAY,
        )
    assert error.value.message == "Choose the currency of the amount."
    with pytest.raises(RateInvalidError):
        services.rate_set(
            actor=admin_user,
            kind="bill",
            user=designer,
            hourly_amount=50.5,
            currency="USD",
            effective_from=MONDAY,
        )
    assert Rate.objects.count() == 0


def test_the_most_specific_effective_rate_wins(admin_user, designer, client_a):
    rate = services.rate_set
    rate(
        actor=admin_user,
        kind="bill",
        role=Role.SPECIALIST,
        hourly_amount="70",
        currency="EUR",
        effective_from=date(2026, 1, 1),
    )
    rate(
        actor=admin_user,
        kind="bill",
        user=designer,
        hourly_amount="80",
        currency="EUR",
        effective_from=date(2026, 6, 1),
    )
    rate(
        actor=admin_user,
        kind="bill",
        user=designer,
        client=client_a,
        hourly_amount="95",
        currency="IDR",
        effective_from=date(2026, 10, 1),
    )
    rate(
        actor=admin_user,
        kind="cost",
        user=designer,
        hourly_amount="25",
        currency="EUR",
        effective_from=date(2026, 3, 1),
    )

    def bill(client_id, day):
        return rates_for(user=designer, client_id=client_id, day=day)

    assert bill(None, date(2026, 2, 1)) == (
        Money(Decimal("70.00"), "EUR"),
        Money(Decimal("20.00"), "USD"),
    )
    assert bill(None, date(2026, 7, 1))[0] == Money(Decimal("80.00"), "EUR")
    assert bill(client_a.pk, date(2026, 9, 1))[0] == Money(Decimal("80.00"), "EUR")
    assert bill(client_a.pk, date(2026, 10, 1)) == (
        Money(Decimal("95.00"), "IDR"),
        Money(Decimal("25.00"), "EUR"),
    )


def test_money_never_mixes_currencies():
    with pytest.raises(CurrencyMismatchError):
        Money(Decimal("1"), "USD") + Money(Decimal("1"), "EUR")


def test_burn_counts_other_currencies_apart(admin_user, designer, client_a):
    budget = services.budget_set(
        actor=admin_user,
        client=client_a,
        kind="retainer",
        month=MONDAY,
        minutes=600,
        amount="1000",
        currency="USD",
    )
    _log(designer, client_a, minutes=120)
    services.rate_set(
        actor=admin_user,
        kind="bill",
        user=designer,
        hourly_amount="100",
        currency="EUR",
        effective_from=MONDAY + timedelta(days=1),
    )
    _log(designer, client_a, minutes=60, day=MONDAY + timedelta(days=1))
    (burn,) = burn_for_budgets([budget])
    assert (burn.logged_minutes, burn.logged_amount, burn.other_currencies) == (
        180,
        Decimal("120.00"),
        {"EUR": Decimal("100.00")},
    )
    assert (burn.hours_percent, burn.money_percent, burn.percent) == (30, 12, 30)


def test_budget_alerts_fire_once_at_80_and_once_at_100(
    admin_user, manager, designer, client_a
):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    services.budget_set(
        actor=admin_user,
        client=client_a,
        kind="retainer",
        month=MONDAY,
        minutes=10 * 60,
        amount="0",
        currency="USD",
    )
    _log(designer, client_a, minutes=7 * 60)
    assert Notification.objects.filter(recipient=manager).count() == 0
    _log(designer, client_a, minutes=60, day=MONDAY + timedelta(days=1))
    _log(designer, client_a, minutes=30, day=MONDAY + timedelta(days=2))
    assert list(
        Notification.objects.filter(recipient=manager).values_list("title", flat=True)
    ) == ["Alpha Coffee: budget 2026-11 passed 80% (now 80%)"]
    _log(designer, client_a, minutes=90, day=MONDAY + timedelta(days=3))
    _log(designer, client_a, minutes=60, day=MONDAY + timedelta(days=4))
    assert list(
        Notification.objects.filter(recipient=manager)
        .order_by("pk")
        .values_list("title", flat=True)
    ) == [
        "Alpha Coffee: budget 2026-11 passed 80% (now 80%)",
        "Alpha Coffee: budget 2026-11 passed 100% (now 100%)",
    ]
    assert sorted(BudgetAlert.objects.values_list("threshold", flat=True)) == [80, 100]


def test_unused_retainer_hours_roll_over_one_month(admin_user, designer, client_a):
    for month, rolls in ((date(2026, 10, 1), False), (date(2026, 11, 1), True)):
        services.budget_set(
            actor=admin_user,
            client=client_a,
            kind="retainer",
            month=month,
            minutes=600,
            amount="0",
            currency="USD",
            rolls_over=rolls,
        )
    _log(designer, client_a, minutes=240, day=date(2026, 10, 5))
    november = Budget.objects.get(month=date(2026, 11, 1))
    (burn,) = burn_for_budgets([november])
    assert (burn.carry_in_minutes, burn.budget_minutes) == (360, 960)


def test_a_budget_needs_a_currency_and_a_project_name(admin_user, client_a):
    with pytest.raises(BudgetInvalidError):
        services.budget_set(
            actor=admin_user,
            client=client_a,
            kind="retainer",
            month=MONDAY,
            minutes=60,
            amount="10",
            currency="",
        )
    with pytest.raises(BudgetInvalidError):
        services.budget_set(
            actor=admin_user,
            client=client_a,
            kind="fixed",
            minutes=60,
            amount="10",
            currency="USD",
        )
    assert Budget.objects.count() == 0


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


def test_a_project_budget_burns_its_projects_time_only(admin_user, designer, client_a):
    budget = services.budget_set(
        actor=admin_user,
        client=client_a,
        kind="fixed",
        project="Website relaunch",
        minutes=600,
        amount="3000",
        currency="USD",
    )
    _log(designer, client_a, minutes=300, project="Website relaunch")
    _log(designer, client_a, minutes=120, project="Other")
    (burn,) = burn_for_budgets([budget])
    assert (burn.logged_minutes, burn.logged_amount, burn.percent) == (
        300,
        Decimal("300.00"),
        50,
    )
