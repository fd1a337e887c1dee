"""What a client contract bills from: approved time, a retainer month,
priced milestones and approved change requests, built through the services
of timesheets and work (shared by the service, page and API tests)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from agencydesk.people.roles import Role
from agencydesk.timesheets import services as time_services
from agencydesk.timesheets.models import Rate
from agencydesk.work import services as work_services
from agencydesk.work.models import ChangeRequest
from tests.factories.people import make_staff
from tests.work.factories import make_project

MONDAY = datetime.date(2026, 3, 2)


def person(name: str, rate: str = "60", currency: str = "EUR"):
    return make_staff(
        Role.SPECIALIST,
        full_name=name,
        hourly_cost=Decimal("20"),
        default_bill_rate=Decimal(rate),
        rate_currency=currency,
    )


def log(user, client, minutes: int, day: datetime.date = MONDAY, **fields):
    return time_services.time_entry_create(
        actor=user, user=user, day=day, minutes=minutes, client=client, **fields
    )


def approve_week(user, approver, week: datetime.date = MONDAY):
    sheet = time_services.timesheet_submit(actor=user, user=user, week=week)
    return time_services.timesheet_approve(actor=approver, timesheet=sheet)


def bill_rate(user, amount: str, currency: str = "EUR", since=MONDAY):
    return Rate.objects.create(
        kind=Rate.Kind.BILL,
        user=user,
        effective_from=since,
        hourly_amount=Decimal(amount),
        currency=currency,
    )


def retainer(client, month: datetime.date, amount: str, currency: str = "EUR"):
    return time_services.budget_set(
        actor=None,
        client=client,
        kind="retainer",
        month=month,
        minutes=20 * 60,
        amount=Decimal(amount),
        currency=currency,
    )


def done_milestone(project, title: str, amount: str | None, currency: str = "EUR"):
    milestone = project.milestones.create(title=title, due=MONDAY)
    if amount is not None:
        work_services.milestone_set_amount(
            actor=None, milestone=milestone, amount=amount, currency=currency
        )
    return work_services.milestone_toggle(actor=None, milestone=milestone)


def approved_change(client, title: str, amount: str, currency: str = "EUR", **kw):
    # Approval is the client's decision in the portal (tested in tests/work);
    # here only its outcome matters.
    return ChangeRequest.objects.create(
        client=client,
        title=title,
        cost_amount=Decimal(amount),
        cost_currency=currency,
        status=ChangeRequest.Status.APPROVED,
        decided_at=timezone.now(),
        **kw,
    )


def project_of(client, owner, name="Spring campaign"):
    return make_project(client, owner, name=name)
