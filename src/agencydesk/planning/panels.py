"""Panels planning adds to composed pages: a client's burn and plan."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from agencydesk.clients.selectors import clients_managed_by
from agencydesk.core.panels import Panel, register_panel
from agencydesk.people.roles import (
    ACCOUNT_MANAGER_HOME,
    AGENCY_HOME,
    FINANCE_HOME,
    SPECIALIST_HOME,
)
from agencydesk.timesheets.selectors import budgets_for_month, project_budgets

from .selectors import (
    BUDGET_WARNING_PERCENT,
    budget_burns_with_plans,
    budgets_past,
    my_week,
    overload_list,
)


def _client_budget(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    month = timezone.localdate().replace(day=1)
    budgets = [
        *budgets_for_month(month=month, client_ids=[client.pk]),
        *project_budgets(client_ids=[client.pk]),
    ]
    return {"burns": budget_burns_with_plans(budgets), "client": client}


register_panel(
    "client",
    Panel(
        name="budget",
        template="planning/panels/client_budget.html",
        context=_client_budget,
        order=60,
        perm="timesheets.view_budget",
    ),
)


def _this_week():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def _budgets_everywhere(*, request: HttpRequest) -> dict[str, Any]:
    month = timezone.localdate().replace(day=1)
    return {
        "month": month,
        "percent": BUDGET_WARNING_PERCENT,
        "burns": budgets_past(
            month=month,
            client_ids=request.viewer.staff_client_ids,
            percent_used=BUDGET_WARNING_PERCENT,
        ),
    }


def _budgets_my_clients(*, request: HttpRequest) -> dict[str, Any]:
    month = timezone.localdate().replace(day=1)
    clients = clients_managed_by(viewer=request.viewer)
    return {
        "month": month,
        "percent": BUDGET_WARNING_PERCENT,
        "burns": budgets_past(
            month=month,
            client_ids=[c.pk for c in clients],
            percent_used=BUDGET_WARNING_PERCENT,
        ),
    }


def _overload(*, request: HttpRequest) -> dict[str, Any]:
    week = _this_week()
    return {"week": week, "rows": overload_list(viewer=request.viewer, week=week)}


def _my_week(*, request: HttpRequest) -> dict[str, Any]:
    return {"week": my_week(user=request.user, week=_this_week())}


for page, context, order in (
    (FINANCE_HOME, _budgets_everywhere, 20),
    (AGENCY_HOME, _budgets_everywhere, 40),
    (ACCOUNT_MANAGER_HOME, _budgets_my_clients, 40),
):
    register_panel(
        page,
        Panel(
            name="budgets-past",
            template="planning/panels/home_budgets.html",
            context=context,
            order=order,
            perm="timesheets.view_budget",
        ),
    )
register_panel(
    AGENCY_HOME,
    Panel(
        name="overload",
        template="planning/panels/home_overload.html",
        context=_overload,
        order=20,
        perm="planning.view_allocation",
    ),
)
for page in (ACCOUNT_MANAGER_HOME, SPECIALIST_HOME):
    register_panel(
        page,
        Panel(
            name="my-week",
            template="planning/panels/home_my_week.html",
            context=_my_week,
            order=5,
            perm="timesheets.add_timeentry",
        ),
    )
