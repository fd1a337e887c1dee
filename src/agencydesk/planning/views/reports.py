"""The planning reports: utilisation per person and team, profitability."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencydesk.core.access import staff_required
from agencydesk.core.actions import reads
from agencydesk.core.pagination import paginate
from agencydesk.core.panels import panels_for
from agencydesk.timesheets.weeks import monday_of, next_month

from ..selectors import (
    profitability_report,
    staff_for_planning,
    utilisation_by_team,
    utilisation_report,
)
from ._shared import PLANNER_PAGE, chosen_month


def _month_weeks(month):
    first = monday_of(month)
    if first < month:
        first += timedelta(weeks=1)
    weeks = []
    while first < next_month(month):
        weeks.append(first)
        first += timedelta(weeks=1)
    return weeks


@staff_required("timesheets.view_budget")
@reads
def report_utilisation(request: HttpRequest) -> HttpResponse:
    form, month = chosen_month(request)
    people = paginate(
        request, staff_for_planning().prefetch_related("groups"), per_page=PLANNER_PAGE
    )
    rows = utilisation_report(
        people=list(people.object_list), weeks=_month_weeks(month)
    )
    context = {
        "form": form,
        "month": month,
        "rows": rows,
        "teams": utilisation_by_team(rows),
        "page": people,
    }
    return render(request, "planning/report_utilisation.html", context)


@staff_required("timesheets.view_rate")
@reads
def report_profitability(request: HttpRequest) -> HttpResponse:
    form, month = chosen_month(request)
    rows = profitability_report(
        viewer=request.viewer,
        first=month,
        last=next_month(month) - timedelta(days=1),
    )
    context = {
        "form": form,
        "month": month,
        "rows": rows,
        # Higher apps add to the report (finance: the same month with money).
        "panels": panels_for("planning:profitability", request, month=month),
    }
    return render(request, "planning/report_profitability.html", context)
