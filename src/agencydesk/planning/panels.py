"""Panels planning adds to composed pages: a client's burn and plan."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from agencydesk.core.panels import Panel, register_panel
from agencydesk.timesheets.selectors import budgets_for_month, project_budgets

from .selectors import budget_burns_with_plans


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
