"""The admin shows logged time, weeks, budgets and alerts but never changes
them (their rules live in the services); the rate tables stay editable."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.models import (
    Budget,
    BudgetAlert,
    Rate,
    TimeEntry,
    TimesheetWeek,
)
from tests.factories.people import make_staff

DAY = date(2026, 11, 3)


@pytest.fixture
def superuser(admin_user):
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    return admin_user


@pytest.fixture
def rows(db, client_a):
    worker = make_staff(Role.SPECIALIST, full_name="Wendy Worker")
    entry = services.time_entry_create(
        actor=None, user=worker, day=DAY, minutes=90, client=client_a
    )
    week = services.timesheet_submit(actor=None, user=worker, week=DAY)
    budget = services.budget_set(
        actor=None,
        client=client_a,
        kind=Budget.Kind.RETAINER,
        month=DAY.replace(day=1),
        minutes=60,
        amount=Decimal("0"),
        currency="USD",
    )
    alert = BudgetAlert.objects.get(budget=budget, threshold=100)
    return {TimeEntry: entry, TimesheetWeek: week, Budget: budget, BudgetAlert: alert}


def _url(obj, view):
    meta = obj._meta
    args = [obj.pk] if view in ("change", "delete") else []
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", [TimeEntry, TimesheetWeek, Budget, BudgetAlert])
def test_governed_rows_are_shown_and_never_changed(model, rows, superuser, as_user):
    http = as_user(superuser)
    obj = rows[model]
    before = list(model.objects.values())

    page = http.get(_url(obj, "change"))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert http.post(_url(obj, "change"), {}).status_code == 403
    assert http.post(_url(obj, "add"), {}).status_code == 403
    assert http.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403

    assert list(model.objects.values()) == before


def test_rates_stay_editable_and_their_constraints_hold(superuser, as_user):
    http = as_user(superuser)
    url = reverse("admin:timesheets_rate_add")
    assert 'name="_save"' in http.get(url).content.decode()
    # A rate for nobody (no person, no role) is refused by the form.
    response = http.post(
        url,
        {
            "kind": "bill",
            "role": "",
            "hourly_amount": "10",
            "currency": "USD",
            "effective_from": "2026-11-01",
        },
    )
    assert response.status_code == 200
    assert not Rate.objects.exists()
