"""Panels the time app adds to composed pages."""

from typing import Any

from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from agencydesk.core.panels import Panel, register_panel
from agencydesk.people.roles import AGENCY_HOME, FINANCE_HOME

from .forms import TaskTimeForm
from .models import Budget, TimeEntry
from .selectors import burn_for_budgets, running_timer, weeks_to_approve


def _ticket_time(*, request: HttpRequest, ticket: Any) -> dict[str, Any]:
    """Logged time on a ticket against its estimate, the seed's "estimate vs
    actual" (one query)."""
    logged = (
        TimeEntry.objects.filter(ticket=ticket).aggregate(total=Sum("minutes"))["total"]
        or 0
    )
    estimate = ticket.estimate_minutes
    return {
        "logged_minutes": logged,
        "estimate_minutes": estimate,
        "percent": round(logged * 100 / estimate) if estimate else None,
        "over_minutes": max(0, logged - estimate) if estimate is not None else 0,
    }


register_panel(
    "ticket",
    Panel(
        name="ticket-time",
        template="timesheets/panels/ticket_time.html",
        context=_ticket_time,
        order=20,
        perm="timesheets.view_timeentry",
    ),
)


def _task_time(*, request: HttpRequest, task: Any) -> dict[str, Any]:
    """A task's logged time against its estimate, with the same over-estimate
    warning as a ticket's, the timer and a form to log time (one query, and
    the person's timer as the top bar reads it)."""
    logged = (
        TimeEntry.objects.filter(task=task).aggregate(total=Sum("minutes"))["total"]
        or 0
    )
    estimate = task.estimate_minutes
    timer = running_timer(user=request.user)
    return {
        "task": task,
        "logged_minutes": logged,
        "estimate_minutes": estimate,
        "percent": round(logged * 100 / estimate) if estimate else None,
        "over_minutes": max(0, logged - estimate) if estimate is not None else 0,
        "timer": timer,
        "timer_here": bool(timer and timer.task_id == task.pk),
        "form": TaskTimeForm(
            prefix="time", initial={"day": timezone.localdate(), "is_billable": True}
        ),
    }


register_panel(
    "task",
    Panel(
        name="task-time",
        template="timesheets/panels/task_time.html",
        context=_task_time,
        order=20,
        perm="timesheets.add_timeentry",
    ),
)


def _running_timer(*, request: HttpRequest) -> dict[str, Any]:
    """The person's running timer for the top bar, with its stop button."""
    return {"timer": running_timer(user=request.user)}


register_panel(
    "navbar",
    Panel(
        name="running-timer",
        template="timesheets/panels/running_timer.html",
        context=_running_timer,
        perm="timesheets.add_timeentry",
    ),
)


def _to_approve(*, request: HttpRequest) -> dict[str, Any]:
    rows, waiting, minutes = weeks_to_approve()
    return {"rows": rows, "waiting": waiting, "hours": minutes / 60}


for page in (FINANCE_HOME, AGENCY_HOME):
    register_panel(
        page,
        Panel(
            name="time-to-approve",
            template="timesheets/panels/home_to_approve.html",
            context=_to_approve,
            order=5 if page == FINANCE_HOME else 50,
            perm="timesheets.approve_timesheetweek",
        ),
    )


def remember_timer_at_sign_in(
    sender: Any, request: Any, user: Any, **kwargs: Any
) -> None:
    """Read the timer as the person signs in, so their pages find it cached."""
    if user.is_staff:
        running_timer(user=user)


def _project_budget(*, request: HttpRequest, project: Any) -> dict[str, Any]:
    """The project's budget (the timesheets budget named after the project,
    as change requests find it) with its burn, the budgets page's figures
    (two queries; none more without a budget)."""
    budget = Budget.objects.filter(client_id=project.client_id, project=project.name)
    budget = budget.exclude(kind=Budget.Kind.RETAINER).first()
    return {
        "project": project,
        "burn": burn_for_budgets([budget])[0] if budget else None,
    }


register_panel(
    "project",
    Panel(
        name="project-budget",
        template="timesheets/panels/project_budget.html",
        context=_project_budget,
        order=10,
        perm="timesheets.view_budget",
    ),
)
