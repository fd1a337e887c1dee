"""The reports (planning.selectors.reports): profitability, utilisation."""

from datetime import date
from decimal import Decimal

from agencydesk.core.access import SYSTEM

from .helpers import CHRISTMAS_WEEK


def test_profitability_keeps_currencies_apart(copywriter, admin_user, client_a):
    from agencydesk.planning.selectors import profitability_report
    from agencydesk.timesheets import services as timesheets

    day = date(2026, 11, 3)
    timesheets.time_entry_create(
        actor=None, user=copywriter, day=day, minutes=120, client=client_a
    )
    timesheets.rate_set(
        actor=admin_user,
        kind="bill",
        user=copywriter,
        client=client_a,
        hourly_amount="150000",
        currency="IDR",
        effective_from=day,
    )
    timesheets.time_entry_create(
        actor=None, user=copywriter, day=day, minutes=60, client=client_a
    )
    (row,) = profitability_report(viewer=SYSTEM, first=day, last=day)
    assert row.minutes == 180
    assert row.value == {"USD": Decimal("0.00"), "IDR": Decimal("150000.00")}
    assert row.cost == {"USD": Decimal("0.00")}
    assert row.margin is None


def test_utilisation_is_billable_time_over_available_capacity(copywriter, client_a):
    from agencydesk.planning.selectors import utilisation_report
    from agencydesk.timesheets import services as timesheets

    timesheets.time_entry_create(
        actor=None,
        user=copywriter,
        day=CHRISTMAS_WEEK,
        minutes=8 * 60,
        client=client_a,
    )
    timesheets.time_entry_create(
        actor=None, user=copywriter, day=CHRISTMAS_WEEK, minutes=60, client=None
    )
    (row,) = utilisation_report(people=[copywriter], weeks=[CHRISTMAS_WEEK])
    # 32 h available (Christmas Day off): 8 h billable = 25%
    assert (row.available_minutes, row.billable_minutes, row.logged_minutes) == (
        1920,
        480,
        540,
    )
    assert row.percent == 25
