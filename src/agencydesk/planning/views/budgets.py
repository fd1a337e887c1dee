"""Budgets: this month's retainers and the project budgets with their burn,
and setting a budget."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from agencydesk.core.access import staff_required
from agencydesk.core.actions import posted, reads, submit, writes
from agencydesk.core.pagination import paginate
from agencydesk.timesheets.forms import BudgetForm
from agencydesk.timesheets.selectors import (
    budgets_for_month,
    burn_for_budgets,
    project_budgets,
)
from agencydesk.timesheets.services import budget_set

from ..selectors import budget_burns_with_plans
from ._shared import chosen_month


@staff_required("timesheets.view_budget")
@reads
def budgets(request: HttpRequest) -> HttpResponse:
    form, month = chosen_month(request)
    scope = request.viewer.staff_client_ids
    page = paginate(request, budgets_for_month(month=month, client_ids=scope))
    burns = budget_burns_with_plans(list(page.object_list))
    projects = paginate(
        request, project_budgets(client_ids=scope), param="projects_page"
    )
    context = {
        "form": form,
        "month": month,
        "page": page,
        "burns": burns,
        "projects": projects,
        "project_burns": burn_for_budgets(list(projects.object_list)),
    }
    return render(request, "planning/budgets.html", context)


def _budgets_of(budget) -> str:
    month = budget.month.strftime("%Y-%m") if budget.month else ""
    return f"{reverse('planning:budgets')}?month={month}"


@staff_required("timesheets.add_budget")
@writes
def budget_edit(request: HttpRequest) -> HttpResponse:
    # The project page's "Set a budget" names the project and its kind.
    initial = {
        key: request.GET[key][:120]
        for key in ("project", "kind")
        if isinstance(request.GET.get(key), str)
    }
    form = BudgetForm(**posted(request), initial=initial, viewer=request.viewer)
    return submit(
        request,
        form,
        lambda data: budget_set(actor=request.user, **form.service_kwargs()),
        template="planning/budget_form.html",
        success=_("Budget saved."),
        redirect_to=_budgets_of,
    )
